package dev.hubflow.testkit.runtime;

import java.util.List;
import java.util.Map;

/**
 * A container to start.
 *
 * @param name the container's name
 * @param image its image (decides which tools stand in for it)
 * @param command the command; empty when unknown, then the image's default entrypoint applies
 * @param args the arguments
 * @param env the environment, already expanded
 * @param workingDir the working directory, or null
 * @param mounts the volume mounts
 * @param stdout receives standard output
 * @param stderr receives standard error
 */
public record ContainerRun(
    String name,
    String image,
    List<String> command,
    List<String> args,
    Map<String, String> env,
    String workingDir,
    List<Mount> mounts,
    OutputSink stdout,
    OutputSink stderr) {
  public ContainerRun {
    command = command == null ? List.of() : List.copyOf(command);
    args = args == null ? List.of() : List.copyOf(args);
    env =
        env == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    mounts = mounts == null ? List.of() : List.copyOf(mounts);
  }

  /** Command and arguments as one list. */
  public List<String> argv() {
    List<String> all = new java.util.ArrayList<>(command);
    all.addAll(args);
    return all;
  }
}
