/**
 * Where a cluster's credentials come from: kubeconfig files (tokens, token files, client
 * certificates, exec plugins), the in-cluster service account, static tokens; the hook that lets an
 * {@code aws eks get-token} exec entry be answered in-process; and the bridge that turns a {@link
 * dev.hubflow.core.spi.ClusterConnection} into a client-java {@code ApiClient} whose credentials
 * refresh on their own.
 */
package dev.hubflow.core.cluster.credentials;
