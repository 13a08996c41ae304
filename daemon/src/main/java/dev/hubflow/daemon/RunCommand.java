package dev.hubflow.daemon;

import com.google.gson.JsonObject;
import dev.hubflow.core.config.ControllerConfig;
import dev.hubflow.model.Codec;
import dev.hubflow.model.ManifestException;
import dev.hubflow.model.v1alpha1.Arguments;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.ClusterObjectException;
import dev.hubflow.testkit.ClusterObjects;
import dev.hubflow.testkit.EmbeddedHubflow;
import dev.hubflow.testkit.PodRuntimeKind;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hubflow run FILE}: submits the workflows in FILE and follows them to the end, as {@code
 * argo submit --watch}. With {@code --embedded} the cluster, kubelet and controller run in this
 * process; with {@code --kubeconfig} a running hubflow (or Argo) controller does the work.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Submits the Workflows in FILE and follows them until they finish.",
      "Exit code: 0 when all Succeeded, 1 when any Failed or Errored, 2 on bad input."
    })
final class RunCommand implements Callable<Integer> {
  static final int SUCCEEDED = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  @Parameters(index = "0", paramLabel = "FILE", description = "Workflow manifest (YAML or JSON).")
  private Path file;

  @Option(
      names = "--embedded",
      description = "Start an in-process cluster, kubelet and controller to run the workflow.")
  private boolean embedded;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "Submit to the cluster of this kubeconfig (a controller must be running there).")
  private Path kubeconfig;

  @Option(names = "--context", description = "The kubeconfig context (default: its current one).")
  private String context;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "argo",
      description = "Namespace (default: ${DEFAULT-VALUE}).")
  private String namespace;

  @Option(
      names = "--runtime",
      defaultValue = "auto",
      description =
          "Embedded pod runtime: local (bubblewrap), simulated, or auto (local where it works).")
  private String runtime;

  @Option(
      names = "--setup",
      paramLabel = "FILE",
      description = "Objects to create first (ConfigMaps, WorkflowTemplates, ...).")
  private List<Path> setup = new ArrayList<>();

  @Option(
      names = {"-p", "--parameter"},
      paramLabel = "NAME=VALUE",
      description = "Set a workflow argument parameter.")
  private List<String> parameters = new ArrayList<>();

  @Option(names = "--entrypoint", description = "Override the workflow's entrypoint.")
  private String entrypoint;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "json|yaml",
      description =
          "Print the finished Workflow to stdout in this format (the tree goes to stderr).")
  private String output;

  @Option(
      names = "--timeout",
      defaultValue = "0",
      description = "Give up after this many seconds (0: wait forever; default ${DEFAULT-VALUE}).")
  private long timeoutSeconds;

  @Option(
      names = "--max-workflow-size",
      paramLabel = "BYTES",
      description =
          "Embedded controller: store node status compressed (status.compressedNodes) in workflows"
              + " larger than this, as Argo's MAX_WORKFLOW_SIZE (default: just under 1 MiB).")
  private Integer maxWorkflowSize;

  @Option(names = "--verbose", description = "Show the controller's and kubelet's logs.")
  private boolean verbose;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (output != null && !output.equals("json") && !output.equals("yaml")) {
      err.println("hubflow run: -o must be json or yaml, not '" + output + "'");
      return BAD_INPUT;
    }
    if (embedded == (kubeconfig != null)) {
      err.println("hubflow run: give exactly one of --embedded or --kubeconfig FILE");
      return BAD_INPUT;
    }
    if (maxWorkflowSize != null && (!embedded || maxWorkflowSize < 1)) {
      err.println("hubflow run: --max-workflow-size needs --embedded and a positive number");
      return BAD_INPUT;
    }
    List<Workflow> workflows;
    Map<Path, String> setupTexts = new LinkedHashMap<>();
    PodRuntimeKind runtimeKind;
    try {
      workflows = readWorkflows();
      for (Path p : setup) {
        setupTexts.put(p, read(p));
        ClusterObjects.documents(setupTexts.get(p), p.toString());
      }
      runtimeKind = PodRuntimeKind.parse(runtime);
    } catch (BadInput | ManifestException | IllegalArgumentException e) {
      err.println("hubflow run: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
    if (!verbose) {
      Logging.quiet();
    }
    // With -o the tree is a side show on stderr; stdout carries only the Workflow.
    PrintWriter live = output == null ? out : err;
    try {
      if (embedded) {
        long t0 = System.nanoTime();
        ControllerConfig config = ControllerConfig.defaults();
        if (maxWorkflowSize != null) {
          config = config.withMaxWorkflowSize(maxWorkflowSize);
        }
        try (EmbeddedHubflow hubflow =
            EmbeddedHubflow.builder().runtime(runtimeKind).config(config).start()) {
          live.printf(
              "hubflow: embedded cluster %s started in %d ms (pod runtime: %s)%n",
              hubflow.hub().name(), (System.nanoTime() - t0) / 1_000_000, hubflow.runtimeName());
          live.flush();
          return submitAndFollow(hubflow.objects(), setupTexts, workflows, out, live);
        }
      }
      ApiClient client;
      try {
        client = ClusterObjects.client(kubeconfig, context);
      } catch (RuntimeException e) {
        err.println("hubflow run: " + kubeconfig + ": " + e.getMessage());
        err.flush();
        return BAD_INPUT;
      }
      return submitAndFollow(new ClusterObjects(client), setupTexts, workflows, out, live);
    } catch (ClusterObjectException e) {
      err.println("hubflow run: " + e.getMessage());
      err.flush();
      return BAD_INPUT;
    }
  }

  private int submitAndFollow(
      ClusterObjects objects,
      Map<Path, String> setupTexts,
      List<Workflow> workflows,
      PrintWriter out,
      PrintWriter live) {
    objects.createNamespace(namespace);
    for (Map.Entry<Path, String> e : setupTexts.entrySet()) {
      objects.apply(e.getValue(), namespace, e.getKey().toString());
    }
    List<Workflow> submitted = new ArrayList<>();
    for (Workflow wf : workflows) {
      Workflow created = objects.submit(wf, namespace);
      submitted.add(created);
      live.println(
          "submitted workflow "
              + created.getMetadata().getNamespace()
              + "/"
              + created.getMetadata().getName());
    }
    live.flush();
    Deadline deadline = new Deadline(timeoutSeconds);
    List<Workflow> finished = new ArrayList<>();
    boolean allSucceeded = true;
    for (Workflow wf : submitted) {
      Follower follower = new Follower(live, System.console() != null);
      Workflow done =
          follower.follow(
              () -> objects.workflow(wf.getMetadata().getNamespace(), wf.getMetadata().getName()),
              deadline);
      if (done == null) {
        live.println(
            "hubflow run: workflow "
                + wf.getMetadata().getName()
                + " did not finish within "
                + timeoutSeconds
                + "s");
        live.flush();
        return FAILED;
      }
      finished.add(done);
      allSucceeded &= "Succeeded".equals(done.getStatus().getPhase());
    }
    if (output != null) {
      for (Workflow done : finished) {
        out.println(output.equals("json") ? Codec.toJson(done) : Codec.toYaml(done));
      }
      out.flush();
    }
    return allSucceeded ? SUCCEEDED : FAILED;
  }

  private List<Workflow> readWorkflows() throws BadInput {
    String text = read(file);
    List<JsonObject> docs = ClusterObjects.documents(text, file.toString());
    List<Workflow> workflows = new ArrayList<>();
    for (JsonObject doc : docs) {
      String kind = doc.has("kind") ? doc.get("kind").getAsString() : "";
      if (!kind.equals("Workflow")) {
        continue;
      }
      Workflow wf = Codec.fromTree(doc, Workflow.class, file.toString());
      if (wf.getMetadata() == null
          || (wf.getMetadata().getName() == null && wf.getMetadata().getGenerateName() == null)) {
        throw new BadInput(file + ": a Workflow has neither metadata.name nor generateName");
      }
      if (wf.getSpec() == null) {
        throw new BadInput(file + ": Workflow " + wf.getMetadata().getName() + " has no spec");
      }
      applyOverrides(wf);
      workflows.add(wf);
    }
    if (workflows.isEmpty()) {
      throw new BadInput(file + ": no Workflow in this file");
    }
    return workflows;
  }

  private void applyOverrides(Workflow wf) throws BadInput {
    if (entrypoint != null) {
      wf.getSpec().setEntrypoint(entrypoint);
    }
    for (String p : parameters) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        throw new BadInput("-p " + p + ": expected NAME=VALUE");
      }
      String name = p.substring(0, eq);
      String value = p.substring(eq + 1);
      if (wf.getSpec().getArguments() == null) {
        wf.getSpec().setArguments(new Arguments());
      }
      Arguments args = wf.getSpec().getArguments();
      Parameter existing = null;
      if (args.getParameters() != null) {
        for (Parameter q : args.getParameters()) {
          if (name.equals(q.getName())) {
            existing = q;
          }
        }
      }
      if (existing == null) {
        args.addParametersItem(new Parameter().name(name).value(value));
      } else {
        existing.setValue(value);
        existing.setValueFrom(null);
      }
    }
  }

  private static String read(Path p) throws BadInput {
    try {
      return Files.readString(p);
    } catch (NoSuchFileException e) {
      throw new BadInput(p + ": no such file");
    } catch (IOException e) {
      throw new BadInput(p + ": cannot read: " + e.getMessage());
    }
  }

  /** The input is wrong; the message names the file. */
  static final class BadInput extends Exception {
    BadInput(String message) {
      super(message);
    }
  }

  /** When to give up (never when 0 seconds). */
  record Deadline(long seconds, long startNanos) {
    Deadline(long seconds) {
      this(seconds, System.nanoTime());
    }

    boolean passed() {
      return seconds > 0 && System.nanoTime() - startNanos > Duration.ofSeconds(seconds).toNanos();
    }
  }

  /** Polls a workflow and shows its changes until it has finished. */
  static final class Follower {
    private static final long POLL_MILLIS = 200;
    private final PrintWriter live;
    private final boolean terminal;
    private final Map<String, String> phases = new LinkedHashMap<>();
    private int drawn;

    Follower(PrintWriter live, boolean terminal) {
      this.live = live;
      this.terminal = terminal;
    }

    interface Source {
      java.util.Optional<Workflow> get();
    }

    Workflow follow(Source source, Deadline deadline) {
      while (true) {
        Workflow wf = source.get().orElse(null);
        if (wf != null) {
          boolean done = isDone(wf);
          if (terminal) {
            redraw(wf);
          } else {
            printChanges(wf);
          }
          if (done) {
            if (!terminal) {
              live.println();
              WorkflowTree.render(wf, Instant.now()).forEach(live::println);
            }
            live.flush();
            return wf;
          }
        }
        if (deadline.passed()) {
          return null;
        }
        try {
          Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return null;
        }
      }
    }

    private void redraw(Workflow wf) {
      List<String> lines = WorkflowTree.render(wf, Instant.now());
      if (drawn > 0) {
        live.print("\033[" + drawn + "A\033[J");
      }
      lines.forEach(live::println);
      drawn = lines.size();
      live.flush();
    }

    private void printChanges(Workflow wf) {
      String wfPhase = WorkflowTree.phase(wf.getStatus());
      if (!wfPhase.equals(phases.put("", wfPhase))) {
        live.println("workflow " + wf.getMetadata().getName() + ": " + wfPhase);
      }
      if (wf.getStatus() != null && wf.getStatus().getNodes() != null) {
        for (var node : wf.getStatus().getNodes().values()) {
          String phase = node.getPhase() == null ? "Pending" : node.getPhase();
          if (!phase.equals(phases.put(node.getId(), phase))) {
            String label = node.getDisplayName() != null ? node.getDisplayName() : node.getName();
            String message =
                node.getMessage() == null || node.getMessage().isEmpty()
                    ? ""
                    : " (" + node.getMessage() + ")";
            live.println("  " + WorkflowTree.icon(phase) + " " + label + " " + phase + message);
          }
        }
      }
      live.flush();
    }

    static boolean isDone(Workflow wf) {
      String p = wf.getStatus() == null ? null : wf.getStatus().getPhase();
      return p != null && Set.of("Succeeded", "Failed", "Error").contains(p);
    }
  }
}
