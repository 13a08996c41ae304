package dev.hubflow.testkit.runtime;

import java.util.function.Predicate;

/**
 * Which containers a scripted {@link Behaviour} applies to.
 *
 * @param namespace the pod's namespace
 * @param podName the pod's name
 * @param run the container
 */
public record Match(String namespace, String podName, ContainerRun run) {

  /** Containers of this image. */
  public static Predicate<Match> image(String image) {
    return m -> image.equals(m.run().image());
  }

  /** The container with this name in pods whose name starts with {@code podNamePrefix}. */
  public static Predicate<Match> container(String podNamePrefix, String containerName) {
    return m -> m.podName().startsWith(podNamePrefix) && containerName.equals(m.run().name());
  }

  /** Containers whose command line contains {@code text}. */
  public static Predicate<Match> argvContains(String text) {
    return m -> String.join(" ", m.run().argv()).contains(text);
  }

  /** Every container. */
  public static Predicate<Match> any() {
    return m -> true;
  }
}
