package dev.hubflow.testkit.runtime;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs containers as local processes under bubblewrap: each pod gets its own root directory (a
 * private {@code /tmp}, writable paths), its volumes bound at their mount paths (claims shared
 * between pods), the host's {@code /usr} read-only, no network, stdin at end of file. Host tools
 * stand in for the image: busybox applets for busybox/alpine images, the host's Debian userland for
 * the others, python3, a built-in cowsay and argosay.
 *
 * <p>Needs {@code bwrap} and {@code busybox} ({@code apt-get install bubblewrap busybox}); {@link
 * #create()} says so clearly when they are missing.
 */
public final class LocalRuntime implements PodRuntime {
  private static final Logger log = LoggerFactory.getLogger(LocalRuntime.class);
  private static final String BWRAP = "bwrap";
  private static final String DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final Path dir;
  private final ImageTools tools;
  private final String bwrap;
  private final ExecutorService io =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "local-runtime-io");
            t.setDaemon(true);
            return t;
          });
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "local-runtime-kill");
            t.setDaemon(true);
            return t;
          });
  private final List<Sandbox> open = new CopyOnWriteArrayList<>();

  private LocalRuntime(Path dir, String bwrap) {
    this.dir = dir;
    this.bwrap = bwrap;
    this.tools = ImageTools.install(dir.resolve("tools"));
  }

  /**
   * A runtime working in a fresh temporary directory.
   *
   * @throws IllegalStateException naming the missing package when bubblewrap or busybox is absent
   */
  public static LocalRuntime create() {
    try {
      return create(Files.createTempDirectory("hubflow-local-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the local runtime's directory", e);
    }
  }

  public static LocalRuntime create(Path dir) {
    Optional<String> missing = unavailable();
    if (missing.isPresent()) {
      throw new IllegalStateException(missing.get());
    }
    return new LocalRuntime(dir, findOnPath(BWRAP).orElseThrow().toString());
  }

  /** Why the local runtime cannot run here, or empty when it can. */
  public static Optional<String> unavailable() {
    if (findOnPath(BWRAP).isEmpty()) {
      return Optional.of(
          "the local pod runtime needs bubblewrap: 'bwrap' is not on PATH"
              + " (install it with: apt-get install -y bubblewrap busybox)");
    }
    if (!Files.isExecutable(Path.of(ImageTools.BUSYBOX))) {
      return Optional.of(
          "the local pod runtime needs busybox at "
              + ImageTools.BUSYBOX
              + " (install it with: apt-get install -y busybox)");
    }
    return Optional.empty();
  }

  private static Optional<Path> findOnPath(String name) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d.isEmpty() ? "." : d, name);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  @Override
  public String name() {
    return "local";
  }

  /** The runtime's working directory (pods, claims, tools). */
  public Path directory() {
    return dir;
  }

  @Override
  public PodSandbox open(SandboxSpec spec) {
    Sandbox s = new Sandbox(spec);
    open.add(s);
    return s;
  }

  @Override
  public void close() {
    open.forEach(Sandbox::close);
    io.shutdownNow();
    timer.shutdownNow();
    delete(dir);
  }

  private static void delete(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.deleteIfExists(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.deleteIfExists(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      log.warn("cannot remove {}: {}", root, e.toString());
    }
  }

  /** A bind of a host path into the sandbox. */
  private record Bind(String target, Path source, boolean readOnly) {}

  private final class Sandbox implements PodSandbox {
    private final SandboxSpec spec;
    private final Path podDir;
    private final Path root;
    private final Map<String, Path> volumes = new LinkedHashMap<>();
    private final Map<String, Boolean> readOnlyVolumes = new LinkedHashMap<>();
    private final List<Container> containers = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    Sandbox(SandboxSpec spec) {
      this.spec = spec;
      try {
        podDir = Files.createDirectories(dir.resolve("pods").resolve(spec.podUid()));
        root = Files.createDirectories(podDir.resolve("root"));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.createDirectories(root.resolve("root"));
        // Debian's merged /usr; made once here since bwrap refuses to remake them per container.
        for (String l : List.of("lib", "lib64", "sbin")) {
          Files.createSymbolicLink(root.resolve(l), Path.of("usr/" + l));
        }
        for (Map.Entry<String, VolumeData> v : spec.volumes().entrySet()) {
          Path vd;
          if (v.getValue() instanceof VolumeData.Claim claim) {
            vd = Files.createDirectories(dir.resolve("claims").resolve(claim.key()));
          } else {
            vd = Files.createDirectories(podDir.resolve("volumes").resolve(v.getKey()));
            if (v.getValue() instanceof VolumeData.Files files) {
              for (Map.Entry<String, byte[]> f : files.files().entrySet()) {
                Path file = vd.resolve(Paths.normalise(f.getKey(), "/").substring(1));
                Files.createDirectories(file.getParent());
                Files.write(file, f.getValue());
              }
              readOnlyVolumes.put(v.getKey(), true);
            }
          }
          volumes.put(v.getKey(), vd);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot prepare the files of pod " + spec.namespace() + "/" + spec.podName(), e);
      }
    }

    /** Where a path of a container with these mounts lives on the host. */
    private Path hostPath(List<Mount> mounts, String path) {
      String p = Paths.normalise(path, "/");
      Optional<Mount> m = Paths.mountOf(mounts, p);
      if (m.isPresent() && volumes.containsKey(m.get().volume())) {
        String rel = Paths.inVolume(m.get(), p);
        return rel.isEmpty()
            ? volumes.get(m.get().volume())
            : volumes.get(m.get().volume()).resolve(rel);
      }
      return p.equals("/") ? root : root.resolve(p.substring(1));
    }

    @Override
    public Optional<byte[]> readFile(List<Mount> mounts, String path) {
      Path host = hostPath(mounts, path);
      if (!Files.isRegularFile(host)) {
        return Optional.empty();
      }
      try {
        return Optional.of(Files.readAllBytes(host));
      } catch (IOException e) {
        return Optional.empty();
      }
    }

    @Override
    public void writeFile(List<Mount> mounts, String path, byte[] content) {
      Path host = hostPath(mounts, path);
      try {
        Files.createDirectories(host.getParent());
        Files.write(host, content);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + path + " in pod " + spec.podName(), e);
      }
    }

    private List<Bind> binds(ContainerRun run) {
      ImageTools.Family family = ImageTools.family(run.image());
      List<Bind> binds = new ArrayList<>();
      binds.add(new Bind("/usr", Path.of("/usr"), true));
      binds.add(new Bind("/etc", Path.of("/etc"), true));
      if (family == ImageTools.Family.BUSYBOX) {
        binds.add(new Bind("/bin", tools.busyboxDir, true));
        binds.add(new Bind("/usr/local/bin", tools.busyboxDir, true));
      } else {
        binds.add(new Bind("/bin", Path.of("/usr/bin"), true));
        binds.add(new Bind("/usr/local/bin", tools.debianDir, true));
      }
      if (run.image() != null && run.image().contains("argoproj/argosay")) {
        binds.add(new Bind("/argosay", tools.argosay, true));
      }
      for (Mount m : run.mounts()) {
        Path vd = volumes.get(m.volume());
        if (vd == null) {
          continue;
        }
        Path source = vd;
        if (!m.subPath().isEmpty()) {
          source = vd.resolve(Paths.normalise(m.subPath(), "/").substring(1));
          try {
            if (!Files.exists(source)) {
              Files.createDirectories(source);
            }
          } catch (IOException e) {
            throw new UncheckedIOException("cannot create subPath " + m.subPath(), e);
          }
        }
        boolean ro = m.readOnly() || readOnlyVolumes.getOrDefault(m.volume(), false);
        binds.add(new Bind(Paths.normalise(m.mountPath(), "/"), source, ro));
      }
      return binds;
    }

    /** Where a sandbox path is on the host, given the container's binds (deepest wins). */
    private Path resolve(List<Bind> binds, String path) {
      Bind best = null;
      for (Bind b : binds) {
        if (Paths.under(path, b.target())
            && (best == null || b.target().length() >= best.target().length())) {
          best = b;
        }
      }
      if (best == null) {
        return root.resolve(path.substring(1));
      }
      String rel = path.substring(best.target().length());
      return rel.isEmpty() || rel.equals("/")
          ? best.source()
          : best.source().resolve(rel.substring(1));
    }

    /** argoexec's emissary looks the program up in PATH before it runs it. */
    private Optional<String> lookUp(String program, List<Bind> binds, Map<String, String> env) {
      if (program.contains("/")) {
        String p = Paths.normalise(program, "/");
        if (Files.exists(resolve(binds, p))) {
          return Optional.empty();
        }
        return Optional.of(
            "failed to find name in PATH: exec: \""
                + program
                + "\": stat "
                + program
                + ": no such file or directory");
      }
      for (String d : env.getOrDefault("PATH", DEFAULT_PATH).split(":")) {
        if (d.isEmpty()) {
          continue;
        }
        Path host = resolve(binds, Paths.normalise(d + "/" + program, "/"));
        if (Files.isRegularFile(host) && Files.isExecutable(host)) {
          return Optional.empty();
        }
      }
      return Optional.of(
          "failed to find name in PATH: exec: \""
              + program
              + "\": executable file not found in $PATH");
    }

    @Override
    public RunningContainer start(ContainerRun run) {
      if (closed) {
        throw new IllegalStateException("pod " + spec.podName() + " is stopped");
      }
      List<String> argv =
          run.command().isEmpty() ? ImageTools.defaultCommand(run.image(), run.args()) : run.argv();
      Map<String, String> env = new LinkedHashMap<>(run.env());
      env.putIfAbsent("PATH", DEFAULT_PATH);
      env.putIfAbsent("HOME", "/root");
      List<Bind> binds = binds(run);
      Optional<String> notFound = lookUp(argv.get(0), binds, env);
      if (notFound.isPresent()) {
        run.stderr().write(notFound.get() + "\n");
        return Container.ended(ContainerExit.of(64, notFound.get()));
      }
      List<String> cmd = new ArrayList<>();
      cmd.add(bwrap);
      cmd.addAll(
          List.of(
              "--die-with-parent",
              "--unshare-pid",
              "--unshare-ipc",
              "--unshare-uts",
              "--unshare-net",
              "--hostname",
              hostname(spec.podName()),
              "--bind",
              root.toString(),
              "/"));
      for (Bind b : binds) {
        cmd.add(b.readOnly() ? "--ro-bind" : "--bind");
        cmd.add(b.source().toString());
        cmd.add(b.target());
      }
      cmd.addAll(List.of("--proc", "/proc", "--dev", "/dev"));
      String wd = run.workingDir() == null || run.workingDir().isEmpty() ? "/" : run.workingDir();
      if (!wd.equals("/")) {
        cmd.addAll(List.of("--dir", wd));
      }
      cmd.addAll(List.of("--chdir", wd, "--"));
      cmd.addAll(argv);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(new File("/dev/null"));
      pb.environment().clear();
      pb.environment().putAll(env);
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        return Container.ended(ContainerExit.of(128, "cannot start bwrap: " + e.getMessage()));
      }
      Container c = new Container(process);
      containers.add(c);
      CompletableFuture<Void> out = pump(process.getInputStream(), run.stdout());
      CompletableFuture<Void> err = pump(process.getErrorStream(), run.stderr());
      process
          .onExit()
          .thenCompose(p -> CompletableFuture.allOf(out, err))
          .whenComplete(
              (v, e) -> {
                int code = process.exitValue();
                c.exit.complete(ContainerExit.of(code));
              });
      return c;
    }

    private CompletableFuture<Void> pump(InputStream in, OutputSink sink) {
      return CompletableFuture.runAsync(
          () -> {
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
              char[] buf = new char[8192];
              int n;
              while ((n = r.read(buf)) >= 0) {
                if (n > 0) {
                  sink.write(new String(buf, 0, n));
                }
              }
            } catch (IOException e) {
              log.debug("output of a container ended: {}", e.toString());
            }
          },
          io);
    }

    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      containers.forEach(c -> c.kill(Duration.ZERO));
      for (Container c : containers) {
        try {
          c.exit.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          log.warn("a process of pod {} did not stop in time", spec.podName());
        }
      }
      open.remove(this);
      delete(podDir);
    }
  }

  private static String hostname(String podName) {
    String h = podName.length() > 63 ? podName.substring(0, 63) : podName;
    return h.replaceAll("[^a-zA-Z0-9.-]", "-");
  }

  private final class Container implements RunningContainer {
    private final Process process;
    final CompletableFuture<ContainerExit> exit = new CompletableFuture<>();

    Container(Process process) {
      this.process = process;
    }

    static RunningContainer ended(ContainerExit e) {
      CompletableFuture<ContainerExit> f = CompletableFuture.completedFuture(e);
      return new RunningContainer() {
        @Override
        public CompletableFuture<ContainerExit> exit() {
          return f;
        }

        @Override
        public void kill(Duration grace) {}
      };
    }

    @Override
    public CompletableFuture<ContainerExit> exit() {
      return exit;
    }

    @Override
    public void kill(Duration grace) {
      if (!process.isAlive()) {
        return;
      }
      if (grace.isZero()) {
        process.destroyForcibly();
        return;
      }
      // The container's own process (bwrap's child inside the sandbox) gets SIGTERM, as a
      // container runtime sends it to PID 1; bwrap reports its death as 128+15.
      List<ProcessHandle> targets =
          process
              .descendants()
              .filter(h -> !isBwrap(h) && h.parent().map(LocalRuntime::isBwrap).orElse(false))
              .sorted(
                  Comparator.comparing(
                      h -> h.info().startInstant().orElse(null),
                      Comparator.nullsLast(Comparator.naturalOrder())))
              .toList();
      if (targets.isEmpty()) {
        process.destroy();
      } else {
        targets.get(0).destroy();
      }
      timer.schedule(process::destroyForcibly, grace.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static boolean isBwrap(ProcessHandle h) {
    return h.info().command().map(c -> c.endsWith("/" + BWRAP) || c.equals(BWRAP)).orElse(false);
  }
}
