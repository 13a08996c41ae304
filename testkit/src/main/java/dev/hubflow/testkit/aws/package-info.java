/**
 * Stand-ins for the AWS endpoints hubflow's EKS access talks to, on plain HTTP on 127.0.0.1: an EKS
 * Pod Identity agent, STS (AssumeRole, and GetCallerIdentity that really checks SigV4 signatures,
 * presigned or not), and EKS DescribeCluster; plus {@link
 * dev.hubflow.testkit.aws.EksTokenVerifier}, which checks {@code k8s-aws-v1.} bearer tokens the way
 * aws-iam-authenticator does, against the fake STS.
 */
package dev.hubflow.testkit.aws;
