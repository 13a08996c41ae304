/**
 * What runs a pod's containers: {@link dev.hubflow.testkit.runtime.SimulatedRuntime} (argosay
 * semantics and scripted {@link dev.hubflow.testkit.runtime.Behaviour}s, time on a scheduler) and
 * {@link dev.hubflow.testkit.runtime.LocalRuntime} (real processes under bubblewrap).
 */
package dev.hubflow.testkit.runtime;
