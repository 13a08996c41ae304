package dev.hubflow.core.pod;

/** A node whose template cannot become a pod; the message names the node and the field. */
public final class PodBuildException extends RuntimeException {
  private final String nodeName;

  public PodBuildException(String nodeName, String message) {
    super(nodeName + ": " + message);
    this.nodeName = nodeName;
  }

  public String nodeName() {
    return nodeName;
  }
}
