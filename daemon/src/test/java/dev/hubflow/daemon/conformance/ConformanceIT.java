package dev.hubflow.daemon.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.core.HubflowController;
import dev.hubflow.core.WorkflowCommands;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.testkit.apiserver.ApiServer;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import dev.hubflow.testkit.apiserver.store.ResourceStore;
import dev.hubflow.testkit.apiserver.store.ResourceType;
import dev.hubflow.testkit.apiserver.store.StatusException;
import dev.hubflow.testkit.kubelet.ClientKubeletApi;
import dev.hubflow.testkit.kubelet.Kubelet;
import dev.hubflow.testkit.runtime.LocalRuntime;
import dev.hubflow.testkit.runtime.PodRuntime;
import dev.hubflow.testkit.runtime.SimulatedRuntime;
import dev.hubflow.testkit.time.SystemScheduler;
import io.kubernetes.client.openapi.ApiException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Argo's own fixtures through the embedded clusters: every entry of {@code
 * conformance/expectations.yaml} whose needs are covered runs in one API emulator with one kubelet
 * (the local runtime, so shell and python really run) and one in-process controller, and must end
 * as Argo's tests say. Writes {@code target/conformance.md}; with {@code
 * -Dconformance.writeDocs=true} also {@code docs/CONFORMANCE.md}. Fails when a fixture of the
 * committed baseline fails.
 */
class ConformanceIT {
  private static final Logger log = LoggerFactory.getLogger(ConformanceIT.class);

  /** The needs this suite covers; everything else is reported as "not yet". */
  static final Set<String> COVERED =
      Set.of(
          "argosay",
          "shell",
          "python",
          "steps",
          "dag",
          "loops",
          "when",
          "expr",
          "retry",
          "exit-handler",
          "suspend",
          "timeout",
          "parameters",
          "sidecar",
          "init-container",
          "volumes");

  /**
   * With {@code -Dconformance.slow=true} the fixtures that only take long ({@code duration}: a
   * minute or more of sleeps) run too, under a longer bound.
   */
  static final boolean SLOW = Boolean.getBoolean("conformance.slow");

  private static final int PARALLEL = 16;
  private static final Duration SUITE_BOUND = Duration.ofMinutes(SLOW ? 30 : 12);
  private static final Pattern SLEEP =
      Pattern.compile("sleep\"?,?\\s+\"?(\\d+(?:\\.\\d+)?)([smhd]?)\\b");
  private static final Pattern DEADLINE = Pattern.compile("activeDeadlineSeconds:\\s*(\\d+)");

  private final Path shared = Path.of(System.getProperty("hubflow.shared", "../../shared"));
  private final Path argo = shared.resolve("argo/v3.7.18");
  private final Map<String, BlockingQueue<Workflow>> followers = new ConcurrentHashMap<>();
  private ResourceStore store;
  private HubflowController hubflow;
  private Map<String, Dispute> disputes = Map.of();

  @Test
  void argoFixturesInScopeEndAsArgoSaysAndNoBaselineFixtureRegresses() throws Exception {
    List<Expectation> all =
        Expectation.parse(Files.readString(shared.resolve("conformance/expectations.yaml")));
    disputes = Dispute.load();
    List<Outcome> outcomes = new ArrayList<>();
    List<Expectation> inScope = new ArrayList<>();
    for (Expectation e : all) {
      Set<String> missing = new TreeSet<>(e.needs());
      missing.removeAll(covered());
      if (e.phase() == null) {
        outcomes.add(Outcome.notRun(e, "Argo states no final phase"));
      } else if (!missing.isEmpty()) {
        outcomes.add(Outcome.notYet(e, missing));
      } else {
        inScope.add(e);
      }
    }
    String runtimeNote = "";
    Instant started = Instant.now();
    PodRuntime runtime;
    var unusable = LocalRuntime.unavailable();
    if (unusable.isEmpty()) {
      runtime = LocalRuntime.create();
    } else {
      runtimeNote =
          "WARNING: the local runtime is unusable here ("
              + unusable.get()
              + "); pods ran in the SIMULATED runtime, so commands did not really run.";
      log.warn(runtimeNote);
      runtime = null;
    }
    SystemScheduler scheduler = new SystemScheduler();
    if (runtime == null) {
      runtime = new SimulatedRuntime(scheduler);
    }
    ApiServer server = ApiServer.builder("conformance").start();
    store = server.store();
    Kubelet kubelet =
        Kubelet.builder()
            .api(new ClientKubeletApi(server.apiClient()))
            .runtime(runtime)
            .scheduler(scheduler)
            .build()
            .start();
    hubflow =
        HubflowController.builder().cluster("conformance", server.apiClient()).build().start();
    ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
    try (AutoCloseable follow =
        hubflow.follow(
            (cluster, wf) -> {
              BlockingQueue<Workflow> q =
                  followers.get(wf.getMetadata().getNamespace() + "/" + wf.getMetadata().getName());
              if (q != null) {
                q.offer(wf);
              }
            })) {
      List<Future<Outcome>> running = new ArrayList<>();
      // Slow fixtures first, so they overlap with the many quick ones.
      List<Expectation> order = new ArrayList<>(inScope);
      order.sort(Comparator.comparing((Expectation e) -> timeout(e)).reversed());
      int i = 0;
      for (Expectation e : order) {
        String ns = "cf-" + (i++);
        running.add(pool.submit(() -> run(e, ns)));
      }
      Instant bound = started.plus(SUITE_BOUND);
      for (int k = 0; k < running.size(); k++) {
        Expectation e = order.get(k);
        long left = Math.max(1, Duration.between(Instant.now(), bound).toMillis());
        try {
          outcomes.add(running.get(k).get(left, TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.TimeoutException t) {
          running.get(k).cancel(true);
          outcomes.add(Outcome.failed(e, null, "the whole suite's bound ran out", 0, List.of()));
        } catch (java.util.concurrent.ExecutionException x) {
          outcomes.add(Outcome.failed(e, null, "suite error: " + x.getCause(), 0, List.of()));
        }
      }
    } finally {
      pool.shutdownNow();
      hubflow.close();
      kubelet.close();
      runtime.close();
      scheduler.close();
      server.close();
    }
    Duration took = Duration.between(started, Instant.now());

    Report report = new Report(outcomes, took, runtimeNote);
    Path target = Path.of("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("conformance.md"), report.detailed());
    if (Boolean.getBoolean("conformance.writeDocs")) {
      Path docs = Path.of(System.getProperty("conformance.docs", "../docs/CONFORMANCE.md"));
      Files.writeString(docs, report.summary());
    }
    Set<String> baseline = baseline();
    List<String> regressed = new ArrayList<>();
    List<String> newlyPassing = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (o.result() == Outcome.Result.PASSED && !baseline.contains(o.file())) {
        newlyPassing.add(o.file());
      }
      boolean holds = o.result() == Outcome.Result.PASSED || o.result() == Outcome.Result.DISPUTED;
      if (!holds && baseline.contains(o.file())) {
        regressed.add(o.file() + ": " + o.reason());
      }
    }
    log.info("conformance: {}", report.counts());
    if (!newlyPassing.isEmpty()) {
      log.info(
          "conformance: {} fixtures pass that the baseline does not list yet (add them to"
              + " conformance-baseline.txt):\n{}",
          newlyPassing.size(),
          String.join("\n", newlyPassing));
    }
    assertThat(regressed).as("baseline fixtures that no longer pass").isEmpty();
    assertThat(inScope).as("fixtures in scope").hasSizeGreaterThan(50);
  }

  /** The needs this run covers. */
  static Set<String> covered() {
    if (!SLOW) {
      return COVERED;
    }
    Set<String> all = new TreeSet<>(COVERED);
    all.add("duration");
    return all;
  }

  private Set<String> baseline() throws IOException {
    Set<String> out = new LinkedHashSet<>();
    try (var in = ConformanceIT.class.getResourceAsStream("/conformance-baseline.txt")) {
      if (in == null) {
        return out;
      }
      for (String line :
          new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
        String l = line.strip();
        if (!l.isEmpty() && !l.startsWith("#")) {
          out.add(l);
        }
      }
    }
    return out;
  }

  /** How long one fixture may take: its sleeps (each up to a minute) and deadlines, plus slack. */
  static Duration timeout(Expectation e) {
    return timeout(readQuietly(e));
  }

  static Duration timeout(String text) {
    double seconds = 0;
    Matcher m = SLEEP.matcher(text);
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      double s =
          switch (m.group(2)) {
            case "m" -> n * 60;
            case "h", "d" -> 3600;
            default -> n;
          };
      seconds += Math.min(s, 60);
    }
    Matcher d = DEADLINE.matcher(text);
    while (d.find()) {
      seconds = Math.max(seconds, Math.min(Long.parseLong(d.group(1)), 120));
    }
    return Duration.ofSeconds((long) Math.min(180 + 1.5 * seconds, 300));
  }

  private static String readQuietly(Expectation e) {
    try {
      return Files.readString(
          Path.of(System.getProperty("hubflow.shared", "../../shared"), "argo/v3.7.18", e.file()));
    } catch (IOException x) {
      return "";
    }
  }

  private Outcome run(Expectation e, String ns) {
    Instant start = Instant.now();
    List<String> notChecked = new ArrayList<>();
    for (String c : e.checks()) {
      notChecked.add("check " + c);
    }
    try {
      createNamespace(ns);
      for (String s : e.setup()) {
        for (JsonElement doc : Codec.readTrees(Files.readString(argo.resolve(s)), s)) {
          createDoc(ns, doc.getAsJsonObject());
        }
      }
      List<Workflow> docs = new ArrayList<>();
      for (JsonElement doc : Codec.readTrees(Files.readString(argo.resolve(e.file())), e.file())) {
        if (doc.isJsonObject()
            && "Workflow"
                .equals(
                    doc.getAsJsonObject().has("kind")
                        ? doc.getAsJsonObject().get("kind").getAsString()
                        : null)) {
          docs.add(Codec.fromTree(doc, Workflow.class, e.file()));
        }
      }
      if (docs.isEmpty()) {
        return Outcome.failed(e, null, "the file holds no Workflow", ms(start), notChecked);
      }
      if (docs.size() > 1) {
        notChecked.add("workflows after the first (" + (docs.size() - 1) + ")");
      }
      Workflow wf = docs.get(0);
      wf.getMetadata().setNamespace(ns);
      BlockingQueue<Workflow> seen = new LinkedBlockingQueue<>();
      Workflow submitted = hubflow.submit(wf);
      String key = ns + "/" + submitted.getMetadata().getName();
      followers.put(key, seen);
      Actions actions = new Actions(e.actions(), notChecked);
      Instant deadline = start.plus(timeout(e));
      Workflow last = submitted;
      hubflow.workflow("conformance", ns, submitted.getMetadata().getName()).ifPresent(seen::offer);
      while (!done(last)) {
        long left = Duration.between(Instant.now(), deadline).toMillis();
        if (left <= 0) {
          followers.remove(key);
          return Outcome.failed(
              e,
              phase(last),
              "did not finish within " + timeout(e).toSeconds() + "s" + nodeSummary(last),
              ms(start),
              notChecked);
        }
        Workflow next = seen.poll(Math.min(left, 1000), TimeUnit.MILLISECONDS);
        if (next != null) {
          last = next;
        }
        actions.act(last);
      }
      followers.remove(key);
      Dispute dispute = disputes.get(e.file());
      if (dispute != null) {
        return dispute.judge(e, last, ms(start), notChecked);
      }
      return judge(e, last, ms(start), notChecked);
    } catch (InterruptedException x) {
      Thread.currentThread().interrupt();
      return Outcome.failed(e, null, "interrupted", ms(start), notChecked);
    } catch (ApiException x) {
      String why = statusMessage(x);
      Dispute dispute = disputes.get(e.file());
      if (dispute != null && dispute.rejectedAs(x.getCode(), why)) {
        return new Outcome(
            e, Outcome.Result.DISPUTED, null, dispute.reason(), ms(start), notChecked);
      }
      return Outcome.failed(
          e, null, "rejected: HTTP " + x.getCode() + " " + why, ms(start), notChecked);
    } catch (Exception x) {
      return Outcome.failed(e, null, "error: " + x, ms(start), notChecked);
    }
  }

  /** The actions of Argo's test, each done once the workflow has reached the point it waits for. */
  private final class Actions {
    private final List<String> todo = new ArrayList<>();

    Actions(List<String> actions, List<String> notChecked) {
      for (String a : actions) {
        String verb = verb(a);
        if (verb == null) {
          notChecked.add("action " + a);
        } else {
          todo.add(verb);
        }
      }
      // Argo's tests suspend before they resume.
      if (todo.remove("suspend")) {
        todo.add(0, "suspend");
      }
    }

    private static String verb(String action) {
      if (action.startsWith("resume")) {
        return "resume";
      }
      return switch (action) {
        case "RunCli(resume)" -> "resume";
        case "RunCli(suspend)" -> "suspend";
        case "RunCli(stop)" -> "stop-node";
        case "RunCli(terminate)" -> "terminate";
        case "ShutdownWorkflow(Stop)" -> "stop";
        case "ShutdownWorkflow(Terminate)" -> "terminate";
        default -> null;
      };
    }

    void act(Workflow wf) throws Exception {
      if (todo.isEmpty() || !"Running".equals(phase(wf))) {
        return;
      }
      String verb = todo.get(0);
      Instant now = Instant.now();
      switch (verb) {
        case "suspend" -> {
          if (runningPod(wf)) {
            patch(wf, WorkflowCommands::suspend);
            todo.remove(0);
          }
        }
        case "resume" -> {
          boolean suspended = Boolean.TRUE.equals(wf.getSpec().getSuspend());
          if (suspended || WorkflowCommands.hasRunningSuspendNode(wf)) {
            patch(wf, w -> WorkflowCommands.resume(w, n -> true, now));
            todo.remove(0);
          }
        }
        case "stop-node" -> {
          if (WorkflowCommands.hasRunningSuspendNode(wf)) {
            patch(wf, w -> WorkflowCommands.stop(w, n -> true, now));
            todo.remove(0);
          }
        }
        default -> {
          // Argo's signal tests wait until a pod runs before shutting the workflow down.
          if (runningPod(wf)) {
            patch(
                wf,
                "stop".equals(verb)
                    ? w -> WorkflowCommands.stop(w, null, now)
                    : WorkflowCommands::terminate);
            todo.remove(0);
          }
        }
      }
    }
  }

  private static boolean runningPod(Workflow wf) {
    return wf.getStatus() != null
        && wf.getStatus().getNodes() != null
        && wf.getStatus().getNodes().values().stream()
            .anyMatch(n -> "Pod".equals(n.getType()) && "Running".equals(n.getPhase()));
  }

  /** Read, change, write; again on a conflict, as the CLI does. */
  private void patch(Workflow seen, UnaryOperator<Workflow> change) {
    String ns = seen.getMetadata().getNamespace();
    String name = seen.getMetadata().getName();
    for (int attempt = 0; attempt < 10; attempt++) {
      Workflow current =
          Codec.fromTree(store.get(BuiltinTypes.WORKFLOWS, ns, name), Workflow.class, name);
      try {
        store.update(
            BuiltinTypes.WORKFLOWS, ns, Codec.toTree(change.apply(current)).getAsJsonObject());
        return;
      } catch (StatusException e) {
        if (e.code() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException("updating " + ns + "/" + name + ": conflicts persist");
  }

  private void createNamespace(String ns) {
    JsonObject o = new JsonObject();
    o.addProperty("apiVersion", "v1");
    o.addProperty("kind", "Namespace");
    JsonObject meta = new JsonObject();
    meta.addProperty("name", ns);
    o.add("metadata", meta);
    store.create(BuiltinTypes.NAMESPACES, null, o);
  }

  private void createDoc(String ns, JsonObject doc) {
    String apiVersion = doc.get("apiVersion").getAsString();
    String kind = doc.get("kind").getAsString();
    ResourceType type =
        store
            .typeForKind(apiVersion, kind)
            .orElseThrow(() -> new IllegalStateException("setup: no type for " + kind));
    JsonObject copy = doc.deepCopy();
    if (type.namespaced()) {
      copy.getAsJsonObject("metadata").addProperty("namespace", ns);
    }
    store.create(type, type.namespaced() ? ns : null, copy);
  }

  static Outcome judge(Expectation e, Workflow wf, long ms, List<String> notChecked) {
    String phase = phase(wf);
    String message = wf.getStatus().getMessage();
    List<String> problems = new ArrayList<>();
    if (!e.phases().contains(phase)) {
      problems.add(
          "phase " + phase + (message == null ? "" : " (" + message + ")") + nodeSummary(wf));
    }
    if (e.message() != null && !e.message().equals(message)) {
      problems.add("message '" + message + "' is not '" + e.message() + "'");
    }
    if (e.messageContains() != null
        && (message == null || !message.contains(e.messageContains()))) {
      problems.add("message '" + message + "' lacks '" + e.messageContains() + "'");
    }
    for (Map.Entry<String, Expectation.NodeFact> f : e.nodes().entrySet()) {
      List<NodeStatus> named =
          wf.getStatus().getNodes() == null
              ? List.of()
              : wf.getStatus().getNodes().values().stream()
                  .filter(n -> f.getKey().equals(n.getDisplayName()))
                  .toList();
      if (named.isEmpty()) {
        if (!e.random()) {
          problems.add("no node " + f.getKey());
        }
        continue;
      }
      Expectation.NodeFact want = f.getValue();
      boolean fits =
          named.stream()
              .anyMatch(
                  n ->
                      (want.phase() == null || want.phase().equals(n.getPhase()))
                          && (want.type() == null || want.type().equals(n.getType())));
      if (!fits) {
        NodeStatus n = named.get(0);
        problems.add(
            "node "
                + f.getKey()
                + " is "
                + n.getPhase()
                + "/"
                + n.getType()
                + ", wanted "
                + want.phase()
                + "/"
                + want.type());
      }
    }
    if (problems.isEmpty()) {
      return new Outcome(e, Outcome.Result.PASSED, phase, "", ms, notChecked);
    }
    return Outcome.failed(e, phase, String.join("; ", problems), ms, notChecked);
  }

  /** The failed nodes' messages: what a reader needs to see why. */
  private static String nodeSummary(Workflow wf) {
    if (wf.getStatus() == null || wf.getStatus().getNodes() == null) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (NodeStatus n : wf.getStatus().getNodes().values()) {
      if (("Failed".equals(n.getPhase()) || "Error".equals(n.getPhase()))
          && n.getMessage() != null
          && b.length() < 200) {
        b.append(b.length() == 0 ? " [" : "; ")
            .append(n.getDisplayName())
            .append(": ")
            .append(n.getMessage());
      }
    }
    return b.length() == 0 ? "" : b.append("]").toString();
  }

  /** The API server's Status message, not the whole JSON. */
  private static String statusMessage(ApiException x) {
    try {
      return JsonParser.parseString(x.getResponseBody())
          .getAsJsonObject()
          .get("message")
          .getAsString();
    } catch (RuntimeException notJson) {
      return String.valueOf(x.getMessage());
    }
  }

  static String phase(Workflow wf) {
    return wf == null || wf.getStatus() == null ? null : wf.getStatus().getPhase();
  }

  private static boolean done(Workflow wf) {
    String p = phase(wf);
    return "Succeeded".equals(p) || "Failed".equals(p) || "Error".equals(p);
  }

  private static long ms(Instant start) {
    return Duration.between(start, Instant.now()).toMillis();
  }
}
