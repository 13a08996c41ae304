/**
 * Which clusters the controller works in: given on the command line, or registered by Secrets in
 * the hub (Argo CD's cluster-secret shape) and followed while the controller runs.
 */
package dev.hubflow.core.cluster.registry;
