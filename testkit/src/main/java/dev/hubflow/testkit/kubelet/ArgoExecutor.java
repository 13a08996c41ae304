package dev.hubflow.testkit.kubelet;

import com.google.gson.JsonElement;
import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.pod.PodBuilder;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Artifact;
import dev.hubflow.model.v1alpha1.ContainerNode;
import dev.hubflow.model.v1alpha1.Outputs;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.WorkflowTaskResult;
import dev.hubflow.testkit.runtime.ContainerExit;
import dev.hubflow.testkit.runtime.Mount;
import dev.hubflow.testkit.runtime.RunningContainer;
import dev.hubflow.testkit.time.Scheduler;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1Pod;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays Argo's executor ({@code argoexec init} and {@code argoexec wait}) for pods in the emissary
 * layout: init stages the script and input artifacts; wait waits for the main containers, collects
 * {@code outputs.result} and output parameters, and writes the {@code WorkflowTaskResult}.
 */
final class ArgoExecutor {
  private static final Logger log = LoggerFactory.getLogger(ArgoExecutor.class);
  private static final int MAX_RESULT = 256 * 1024;
  private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
  static final String DEADLINE_MESSAGE = "Step exceeded its deadline";

  private ArgoExecutor() {}

  /** Whether the kubelet runs this command itself (an argoexec verb, not a user process). */
  static boolean handles(List<String> command) {
    return command != null && !command.isEmpty() && command.get(0).equals("argoexec");
  }

  /** Starts {@code argoexec <verb>} in the container named {@code container}. */
  static RunningContainer start(
      String container, List<String> command, Map<String, String> env, ExecutorHost host) {
    String verb = command.size() > 1 ? command.get(1) : "";
    Template template;
    try {
      template = template(env);
    } catch (RuntimeException e) {
      return Done.of(ContainerExit.of(64, "failed to read template: " + e.getMessage()));
    }
    return switch (verb) {
      case "init" -> Done.of(init(template, host));
      case "wait" -> new Wait(template, env, host).begin();
      default ->
          Done.of(
              ContainerExit.of(
                  64, "argoexec " + verb + " is not emulated by the hubflow test kit"));
    };
  }

  /** Tells a running {@code wait} that a container of its pod ended. */
  static void containerEnded(RunningContainer handle) {
    if (handle instanceof Wait w) {
      w.check();
    }
  }

  private static Template template(Map<String, String> env) {
    String json = env.get(PodBuilder.ENV_TEMPLATE);
    if (json == null) {
      throw new IllegalArgumentException(PodBuilder.ENV_TEMPLATE + " is not set");
    }
    List<JsonElement> trees = Codec.readTrees(json, PodBuilder.ENV_TEMPLATE);
    return Codec.fromTree(trees.get(0), Template.class, PodBuilder.ENV_TEMPLATE);
  }

  /** The main containers of an executor-layout pod, read from its wait container's template. */
  static List<String> mainContainerNames(V1Pod pod) {
    for (var c : pod.getSpec().getContainers()) {
      if (PodBuilder.WAIT.equals(c.getName()) && c.getEnv() != null) {
        for (var e : c.getEnv()) {
          if (PodBuilder.ENV_TEMPLATE.equals(e.getName()) && e.getValue() != null) {
            try {
              return mainContainers(template(Map.of(PodBuilder.ENV_TEMPLATE, e.getValue())));
            } catch (RuntimeException ignored) {
              return List.of(PodBuilder.MAIN);
            }
          }
        }
      }
    }
    return List.of(PodBuilder.MAIN);
  }

  static List<String> mainContainers(Template t) {
    if (t.getContainerSet() != null && t.getContainerSet().getContainers() != null) {
      return t.getContainerSet().getContainers().stream().map(ContainerNode::getName).toList();
    }
    return List.of(PodBuilder.MAIN);
  }

  // ---- init ----

  private static ContainerExit init(Template t, ExecutorHost host) {
    if (t.getScript() != null && t.getScript().getSource() != null) {
      host.sandbox()
          .writeFile(
              host.mounts(PodBuilder.INIT),
              PodBuilder.SCRIPT_PATH,
              t.getScript().getSource().getBytes(StandardCharsets.UTF_8));
    }
    if (t.getInputs() != null && t.getInputs().getArtifacts() != null) {
      List<Mount> mainMounts = host.mounts(mainContainers(t).get(0));
      for (Artifact a : t.getInputs().getArtifacts()) {
        Optional<byte[]> content;
        if (a.getRaw() != null) {
          content = Optional.of(a.getRaw().getData().getBytes(StandardCharsets.UTF_8));
        } else if (hasLocation(a)) {
          content = host.artifacts().load(a);
          if (content.isEmpty()) {
            return ContainerExit.of(
                1,
                "failed to load artifact '"
                    + a.getName()
                    + "': artifact repositories are not emulated by the hubflow test kit");
          }
        } else if (Boolean.TRUE.equals(a.getOptional())) {
          continue;
        } else {
          return ContainerExit.of(1, "required artifact '" + a.getName() + "' not supplied");
        }
        if (a.getPath() != null) {
          host.sandbox().writeFile(mainMounts, a.getPath(), content.get());
        }
      }
    }
    return ContainerExit.of(0);
  }

  private static boolean hasLocation(Artifact a) {
    return a.getS3() != null
        || a.getHttp() != null
        || a.getGit() != null
        || a.getGcs() != null
        || a.getOss() != null
        || a.getHdfs() != null
        || a.getArtifactory() != null
        || a.getAzure() != null;
  }

  // ---- wait ----

  private static final class Wait implements RunningContainer {
    private final Template template;
    private final Map<String, String> env;
    private final ExecutorHost host;
    private final CompletableFuture<ContainerExit> exit = new CompletableFuture<>();
    private final List<String> mains;
    private String deadlineMessage;
    private Scheduler.Scheduled deadlineTimer;

    Wait(Template template, Map<String, String> env, ExecutorHost host) {
      this.template = template;
      this.env = env;
      this.host = host;
      this.mains = mainContainers(template);
    }

    Wait begin() {
      try {
        host.api().upsertTaskResult(taskResult(false, null));
      } catch (RuntimeException e) {
        log.warn(
            "cannot create task result for pod {}: {}",
            host.pod().getMetadata().getName(),
            e.toString());
      }
      String deadline = env.getOrDefault(PodBuilder.ENV_DEADLINE, ZERO_TIME);
      if (!deadline.isEmpty() && !deadline.equals(ZERO_TIME)) {
        try {
          Duration until = Duration.between(host.scheduler().now(), Instant.parse(deadline));
          deadlineTimer = host.scheduler().schedule(until, () -> host.onLoop(this::deadlinePassed));
        } catch (RuntimeException e) {
          log.warn("ignoring unreadable {}={}", PodBuilder.ENV_DEADLINE, deadline);
        }
      }
      check();
      return this;
    }

    private void deadlinePassed() {
      if (exit.isDone()) {
        return;
      }
      deadlineMessage = DEADLINE_MESSAGE;
      Duration grace = Duration.ofSeconds(30);
      String g = env.get(PodBuilder.ENV_TERMINATION_GRACE);
      if (g != null) {
        try {
          grace = Duration.ofSeconds(Long.parseLong(g));
        } catch (NumberFormatException ignored) {
          // keep the default
        }
      }
      for (String m : mains) {
        host.kill(m, grace);
      }
    }

    /** Called by the kubelet whenever a container of the pod ends. */
    void check() {
      if (exit.isDone() || !mains.stream().allMatch(host::ended)) {
        return;
      }
      if (deadlineTimer != null) {
        deadlineTimer.cancel();
      }
      List<String> errors = new ArrayList<>();
      Outputs outputs = collect(errors);
      try {
        host.api().upsertTaskResult(taskResult(false, outputs));
        host.api().upsertTaskResult(taskResult(true, null));
      } catch (RuntimeException e) {
        errors.add("failed to report outputs: " + e.getMessage());
      }
      if (!errors.isEmpty()) {
        exit.complete(ContainerExit.of(1, errors.get(0)));
      } else {
        exit.complete(new ContainerExit(0, ContainerExit.COMPLETED, deadlineMessage));
      }
    }

    private Outputs collect(List<String> errors) {
      Outputs outputs =
          template.getOutputs() == null ? new Outputs() : Codec.copy(template.getOutputs());
      if ("true".equals(env.get(PodBuilder.ENV_INCLUDE_SCRIPT_OUTPUT))
          && (template.getContainer() != null
              || template.getScript() != null
              || template.getContainerSet() != null)) {
        String out = host.stdout(PodBuilder.MAIN);
        if (out.endsWith("\n")) {
          out = out.substring(0, out.length() - 1);
        }
        if (out.length() > MAX_RESULT) {
          out = out.substring(out.length() - MAX_RESULT);
        }
        outputs.setResult(out);
      }
      List<Mount> mainMounts = host.mounts(mains.get(0));
      if (outputs.getParameters() != null) {
        for (Parameter p : outputs.getParameters()) {
          if (p.getValueFrom() == null
              || p.getValueFrom().getPath() == null
              || p.getValueFrom().getPath().isEmpty()) {
            continue;
          }
          String path = p.getValueFrom().getPath();
          Optional<byte[]> data = host.sandbox().readFile(mainMounts, path);
          String value;
          if (data.isPresent()) {
            value = new String(data.get(), StandardCharsets.UTF_8);
          } else if (p.getValueFrom().getDefault_() != null) {
            value = p.getValueFrom().getDefault_();
          } else {
            // argoexec's wording: the file is read from the volume mirror or the emissary's copy.
            String where =
                underMount(mainMounts, path) ? "/mainctrfs" : "/var/run/argo/outputs/parameters";
            errors.add("open " + where + path + ": no such file or directory");
            break;
          }
          p.setValue(value.endsWith("\n") ? value.substring(0, value.length() - 1) : value);
        }
      }
      if (outputs.getArtifacts() != null) {
        List<Artifact> saved = new ArrayList<>();
        for (Artifact a : outputs.getArtifacts()) {
          if (a.getPath() == null || a.getPath().isEmpty()) {
            saved.add(a);
            continue;
          }
          Optional<byte[]> data = host.sandbox().readFile(mainMounts, a.getPath());
          if (data.isEmpty()) {
            if (!Boolean.TRUE.equals(a.getOptional())) {
              errors.add("open " + a.getPath() + ": no such file or directory");
            }
            continue;
          }
          host.artifacts().save(a, data.get()).ifPresent(saved::add);
        }
        outputs.setArtifacts(saved.isEmpty() ? null : saved);
      }
      return outputs;
    }

    private static boolean underMount(List<Mount> mounts, String path) {
      for (Mount m : mounts) {
        String mp = m.mountPath();
        if (path.equals(mp) || path.startsWith(mp.endsWith("/") ? mp : mp + "/")) {
          return true;
        }
      }
      return false;
    }

    private WorkflowTaskResult taskResult(boolean completed, Outputs outputs) {
      V1Pod pod = host.pod();
      String workflow = env.getOrDefault(PodBuilder.ENV_WORKFLOW_NAME, "");
      V1ObjectMeta meta =
          new V1ObjectMeta()
              .name(env.get(PodBuilder.ENV_NODE_ID))
              .namespace(pod.getMetadata().getNamespace())
              .putLabelsItem(ArgoNames.LABEL_WORKFLOW, workflow)
              .putLabelsItem(ArgoNames.LABEL_REPORT_OUTPUTS_COMPLETED, Boolean.toString(completed));
      meta.addOwnerReferencesItem(owner(pod, workflow));
      return new WorkflowTaskResult().metadata(meta).outputs(outputs);
    }

    /**
     * Argo owns the result by the workflow; a pod that is not owned by its workflow runs in another
     * cluster than the workflow, where that owner would not exist and the garbage collector would
     * delete the result at once, so there the pod owns it.
     */
    private V1OwnerReference owner(V1Pod pod, String workflow) {
      boolean podOwnedByWorkflow =
          pod.getMetadata().getOwnerReferences() != null
              && pod.getMetadata().getOwnerReferences().stream()
                  .anyMatch(o -> "Workflow".equals(o.getKind()));
      if (podOwnedByWorkflow) {
        return new V1OwnerReference()
            .apiVersion(ArgoNames.API_VERSION)
            .kind("Workflow")
            .name(workflow)
            .uid(env.getOrDefault(PodBuilder.ENV_WORKFLOW_UID, ""));
      }
      return new V1OwnerReference()
          .apiVersion("v1")
          .kind("Pod")
          .name(pod.getMetadata().getName())
          .uid(pod.getMetadata().getUid());
    }

    @Override
    public CompletableFuture<ContainerExit> exit() {
      return exit;
    }

    @Override
    public void kill(Duration grace) {
      if (deadlineTimer != null) {
        deadlineTimer.cancel();
      }
      exit.complete(ContainerExit.signalled(ContainerExit.SIGTERM));
    }
  }

  /** A verb that is over as soon as it starts. */
  private record Done(CompletableFuture<ContainerExit> exit) implements RunningContainer {
    static Done of(ContainerExit e) {
      return new Done(CompletableFuture.completedFuture(e));
    }

    @Override
    public void kill(Duration grace) {}
  }
}
