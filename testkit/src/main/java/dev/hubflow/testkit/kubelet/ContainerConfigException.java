package dev.hubflow.testkit.kubelet;

/** A container cannot be set up yet (a missing ConfigMap, Secret or key); the kubelet retries. */
final class ContainerConfigException extends Exception {
  private final String reason;

  ContainerConfigException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  /** The waiting reason Kubernetes shows ({@code CreateContainerConfigError}, ...). */
  String reason() {
    return reason;
  }
}
