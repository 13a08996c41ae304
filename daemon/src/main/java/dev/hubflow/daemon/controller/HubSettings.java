package dev.hubflow.daemon.controller;

import dev.hubflow.model.v1alpha1.Workflow;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything {@code hubflow controller} runs with, from flags and the config file.
 *
 * @param kubeconfig the home cluster's kubeconfig, or empty for in-cluster (the Pod's account)
 * @param clusterName the home cluster's name in keys, logs and metrics
 * @param clusterSecretsNamespace where registration Secrets are followed; empty for none
 * @param namespaces workflow namespaces watched by default; empty for all
 * @param spokeKubeconfigs spokes given by kubeconfig, by name
 * @param leaderElect run workers only while holding the Lease {@code hubflow-controller}
 * @param leaseNamespace the Lease's namespace
 * @param identity this replica's name in the Lease
 * @param healthPort {@code /healthz} and {@code /readyz}; empty for none (0 picks a free port)
 * @param metricsPort {@code /metrics}; empty for none (0 picks a free port)
 * @param logFormat {@code text} or {@code json}
 * @param executorImage the argoexec image
 * @param workers workflows reconciled at once
 * @param workflowDefaults Argo's {@code workflowDefaults}, or null
 * @param stsEndpoint STS URL override for EKS
 * @param eksEndpoint EKS URL override
 * @param region the default AWS region
 * @param probePeriod how often each cluster's API server is asked whether it answers
 * @param lease lease duration, renew deadline and retry period
 * @param maxWorkflowSize the largest workflow stored with plain node status, in bytes of JSON
 * @param podProgressDelay how long pod progress that cannot move a workflow on may wait
 */
public record HubSettings(
    Optional<Path> kubeconfig,
    String clusterName,
    Optional<String> clusterSecretsNamespace,
    Set<String> namespaces,
    Map<String, Path> spokeKubeconfigs,
    boolean leaderElect,
    String leaseNamespace,
    String identity,
    Optional<Integer> healthPort,
    Optional<Integer> metricsPort,
    String logFormat,
    String executorImage,
    int workers,
    Workflow workflowDefaults,
    Optional<URI> stsEndpoint,
    Optional<URI> eksEndpoint,
    Optional<String> region,
    Duration probePeriod,
    List<Duration> lease,
    int maxWorkflowSize,
    Duration podProgressDelay) {

  public static final String LEASE_NAME = "hubflow-controller";
}
