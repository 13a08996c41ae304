/**
 * EKS access in-process with AWS SDK v2: credentials from the default chain (EKS Pod Identity,
 * IRSA, environment), optional AssumeRole into the spoke's account, {@code k8s-aws-v1.} bearer
 * tokens from presigned STS GetCallerIdentity URLs, endpoint and CA from configuration or
 * DescribeCluster; and the {@code hubflow eks-token} command.
 */
package dev.hubflow.daemon.eks;
