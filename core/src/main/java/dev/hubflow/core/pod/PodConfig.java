package dev.hubflow.core.pod;

/**
 * Controller-wide settings for the pods it builds.
 *
 * @param executorImage the argoexec image for the {@code init} and {@code wait} containers
 * @param executorImagePullPolicy its pull policy ({@code IfNotPresent} by default)
 */
public record PodConfig(String executorImage, String executorImagePullPolicy) {
  public static final String DEFAULT_EXECUTOR_IMAGE = "quay.io/argoproj/argoexec:v3.5.5";

  public static PodConfig defaults() {
    return new PodConfig(DEFAULT_EXECUTOR_IMAGE, "IfNotPresent");
  }
}
