package dev.hubflow.core.engine.validate;

/**
 * One reason a manifest is invalid.
 *
 * @param path where, as a JSON path into the manifest ({@code
 *     spec.templates[1].steps[0][0].template})
 * @param message what is wrong, in Argo's words where Argo has words for it
 */
public record Problem(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
