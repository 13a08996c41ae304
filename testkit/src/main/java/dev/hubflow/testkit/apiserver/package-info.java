/**
 * An in-process Kubernetes API server for tests: {@link dev.hubflow.testkit.apiserver.ApiServer}
 * starts one emulated cluster (HTTP or HTTPS on 127.0.0.1) that the real {@code kubectl} and
 * client-java talk to; its {@link dev.hubflow.testkit.apiserver.store.ResourceStore} is the same
 * data without HTTP; {@link dev.hubflow.testkit.apiserver.Faults} scripts failures.
 */
package dev.hubflow.testkit.apiserver;
