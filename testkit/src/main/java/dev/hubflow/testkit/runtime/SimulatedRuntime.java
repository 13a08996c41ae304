package dev.hubflow.testkit.runtime;

import dev.hubflow.testkit.time.Scheduler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A runtime that runs nothing: {@code argoproj/argosay} images behave as argosay does, every other
 * container succeeds at once with no output, unless a test scripts it ({@link #script}). Files live
 * in memory, one filesystem per pod; claims are shared between pods. Time passes on the given
 * {@link Scheduler}, so tests drive it with a manual clock.
 */
public final class SimulatedRuntime implements PodRuntime {
  private final Scheduler scheduler;
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, byte[]>> claims = new ConcurrentHashMap<>();

  private record Rule(Predicate<Match> when, Behaviour then) {}

  public SimulatedRuntime(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public String name() {
    return "simulated";
  }

  /** Makes the containers {@code when} matches behave as {@code then}; the latest script wins. */
  public SimulatedRuntime script(Predicate<Match> when, Behaviour then) {
    rules.add(0, new Rule(when, then));
    return this;
  }

  /** Forgets every script. */
  public void clearScripts() {
    rules.clear();
  }

  /** The files of a claim ({@code namespace/name}), path → content, for assertions. */
  public Map<String, byte[]> claimFiles(String namespace, String claimName) {
    return Map.copyOf(claims.getOrDefault(namespace + "/" + claimName, Map.of()));
  }

  @Override
  public PodSandbox open(SandboxSpec spec) {
    return new Sandbox(spec);
  }

  private final class Sandbox implements PodSandbox {
    private final SandboxSpec spec;
    private final Map<String, byte[]> root = new ConcurrentHashMap<>();
    private final Map<String, Map<String, byte[]>> volumes = new HashMap<>();
    private final List<Container> containers = new CopyOnWriteArrayList<>();

    Sandbox(SandboxSpec spec) {
      this.spec = spec;
      spec.volumes()
          .forEach(
              (name, data) -> {
                if (data instanceof VolumeData.Files files) {
                  volumes.put(name, new ConcurrentHashMap<>(files.files()));
                } else if (data instanceof VolumeData.Claim claim) {
                  volumes.put(
                      name, claims.computeIfAbsent(claim.key(), k -> new ConcurrentHashMap<>()));
                } else {
                  volumes.put(name, new ConcurrentHashMap<>());
                }
              });
    }

    private Map<String, byte[]> store(List<Mount> mounts, String path, String[] key) {
      Optional<Mount> m = Paths.mountOf(mounts, path);
      if (m.isPresent() && volumes.containsKey(m.get().volume())) {
        key[0] = Paths.inVolume(m.get(), path);
        return volumes.get(m.get().volume());
      }
      key[0] = path;
      return root;
    }

    @Override
    public Optional<byte[]> readFile(List<Mount> mounts, String path) {
      String[] key = new String[1];
      Map<String, byte[]> s = store(mounts, Paths.normalise(path, "/"), key);
      return Optional.ofNullable(s.get(key[0]));
    }

    @Override
    public void writeFile(List<Mount> mounts, String path, byte[] content) {
      String[] key = new String[1];
      Map<String, byte[]> s = store(mounts, Paths.normalise(path, "/"), key);
      s.put(key[0], content.clone());
    }

    @Override
    public RunningContainer start(ContainerRun run) {
      FileView view =
          new FileView() {
            @Override
            public Optional<byte[]> read(String path) {
              return readFile(run.mounts(), Paths.normalise(path, run.workingDir()));
            }

            @Override
            public void write(String path, byte[] content) {
              writeFile(run.mounts(), Paths.normalise(path, run.workingDir()), content);
            }
          };
      Match match = new Match(spec.namespace(), spec.podName(), run);
      Behaviour b =
          rules.stream().filter(r -> r.when().test(match)).map(Rule::then).findFirst().orElse(null);
      Container c = new Container();
      containers.add(c);
      if (b != null) {
        c.play(b, run, view);
      } else {
        Optional<List<String>> argosay = Argosay.arguments(run.image(), run.command(), run.args());
        if (argosay.isPresent()) {
          Argosay.Outcome o = Argosay.run(argosay.get(), view, run.stdout(), run.stderr());
          c.endAfter(o.duration(), ContainerExit.of(o.exitCode()));
        } else {
          c.endAfter(Duration.ZERO, ContainerExit.of(0));
        }
      }
      return c;
    }

    @Override
    public void close() {
      containers.forEach(c -> c.end(ContainerExit.signalled(ContainerExit.SIGKILL)));
      root.clear();
    }
  }

  private final class Container implements RunningContainer {
    private final CompletableFuture<ContainerExit> exit = new CompletableFuture<>();
    private volatile Scheduler.Scheduled pending;
    private volatile RunningContainer.Waiting waiting;
    private volatile boolean ignoresSigterm;

    void play(Behaviour b, ContainerRun run, FileView view) {
      ignoresSigterm = b.ignoresSigterm;
      if (b.ending == Behaviour.Ending.NEVER_STARTS) {
        waiting = new RunningContainer.Waiting(b.waitingReason, b.message);
        return;
      }
      if (!b.stdout.isEmpty()) {
        run.stdout().write(b.stdout);
      }
      if (!b.stderr.isEmpty()) {
        run.stderr().write(b.stderr);
      }
      b.files.forEach((p, content) -> view.write(p, content.getBytes(StandardCharsets.UTF_8)));
      switch (b.ending) {
        case EXIT -> endAfter(b.duration, ContainerExit.of(b.exitCode, b.message));
        case OOM -> endAfter(b.duration, ContainerExit.oomKilled());
        case VANISHES -> endAfter(b.duration, ContainerExit.vanished());
        case RUNS_UNTIL_KILLED -> {}
        default -> throw new IllegalStateException(b.ending.name());
      }
    }

    void endAfter(Duration d, ContainerExit result) {
      if (d.isZero() || d.isNegative()) {
        end(result);
      } else {
        pending = scheduler.schedule(d, () -> end(result));
      }
    }

    void end(ContainerExit result) {
      Scheduler.Scheduled p = pending;
      if (p != null) {
        p.cancel();
      }
      exit.complete(result);
    }

    @Override
    public CompletableFuture<ContainerExit> exit() {
      return exit;
    }

    @Override
    public Optional<Waiting> waiting() {
      return Optional.ofNullable(waiting);
    }

    @Override
    public void kill(Duration grace) {
      if (exit.isDone()) {
        return;
      }
      if (waiting != null) {
        // Nothing runs to signal; ending it lets the pod's deletion finish.
        end(ContainerExit.signalled(ContainerExit.SIGKILL));
        return;
      }
      if (ignoresSigterm) {
        Scheduler.Scheduled p = pending;
        if (p != null) {
          p.cancel();
        }
        pending =
            scheduler.schedule(
                grace, () -> exit.complete(ContainerExit.signalled(ContainerExit.SIGKILL)));
      } else {
        end(ContainerExit.signalled(ContainerExit.SIGTERM));
      }
    }
  }
}
