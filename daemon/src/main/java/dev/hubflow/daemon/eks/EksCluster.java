package dev.hubflow.daemon.eks;

import java.util.Objects;
import java.util.Optional;

/**
 * One EKS cluster hubflow reaches.
 *
 * @param name the name hubflow knows the cluster by (a registration's {@code name})
 * @param clusterName the EKS cluster's name, signed into tokens as {@code x-k8s-aws-id}
 * @param region the cluster's region; else the default region
 * @param roleArn a role to assume first (the spoke account's role)
 * @param externalId the external id that role's trust policy asks for
 * @param server the API server URL; else from DescribeCluster
 * @param caCertificatePem the cluster CA; else from DescribeCluster
 */
public record EksCluster(
    String name,
    String clusterName,
    Optional<String> region,
    Optional<String> roleArn,
    Optional<String> externalId,
    Optional<String> server,
    Optional<String> caCertificatePem) {

  public EksCluster {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(clusterName, "clusterName");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(roleArn, "roleArn");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(caCertificatePem, "caCertificatePem");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("cluster " + name + ": EKS clusterName is empty");
    }
  }

  /** A cluster known only by its EKS name, everything else from defaults and DescribeCluster. */
  public static EksCluster named(String clusterName) {
    return new EksCluster(
        clusterName,
        clusterName,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  public EksCluster withRoleArn(String roleArn) {
    return new EksCluster(
        name,
        clusterName,
        region,
        Optional.ofNullable(roleArn),
        externalId,
        server,
        caCertificatePem);
  }

  public EksCluster withRegion(String region) {
    return new EksCluster(
        name,
        clusterName,
        Optional.ofNullable(region),
        roleArn,
        externalId,
        server,
        caCertificatePem);
  }
}
