package dev.hubflow.core.controller;

/** Told when a cluster's API server stops answering and when it answers again. */
@FunctionalInterface
public interface ConnectionListener {

  /**
   * @param reason why the cluster is out of reach (never a secret); empty when connected
   */
  void connectionChanged(String cluster, boolean connected, String reason);
}
