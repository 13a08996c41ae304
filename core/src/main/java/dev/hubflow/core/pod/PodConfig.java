package dev.hubflow.core.pod;

import java.util.List;
import java.util.Map;

/**
 * Controller-wide settings for the pods it builds.
 *
 * @param executorImage the argoexec image for the {@code init} and {@code wait} containers
 * @param executorImagePullPolicy its pull policy ({@code IfNotPresent} by default)
 * @param images entrypoints of images whose containers give no {@code command} (Argo's {@code
 *     images} setting in {@code workflow-controller-configmap}); for other images the command is
 *     left unknown: nothing follows the emissary's {@code --}, which the real emissary cannot run
 *     but hubflow's test runtimes resolve from the image themselves
 */
public record PodConfig(
    String executorImage, String executorImagePullPolicy, Map<String, ImageEntrypoint> images) {
  public static final String DEFAULT_EXECUTOR_IMAGE = "quay.io/argoproj/argoexec:v3.5.5";

  /** The images of Argo's own test suite, whose entrypoint is {@code /argosay}. */
  public static final Map<String, ImageEntrypoint> DEFAULT_IMAGES =
      Map.of(
          "argoproj/argosay:v1", new ImageEntrypoint(List.of("/argosay"), List.of()),
          "argoproj/argosay:v2", new ImageEntrypoint(List.of("/argosay"), List.of()));

  public PodConfig {
    images = Map.copyOf(images);
  }

  public PodConfig(String executorImage, String executorImagePullPolicy) {
    this(executorImage, executorImagePullPolicy, DEFAULT_IMAGES);
  }

  public static PodConfig defaults() {
    return new PodConfig(DEFAULT_EXECUTOR_IMAGE, "IfNotPresent");
  }
}
