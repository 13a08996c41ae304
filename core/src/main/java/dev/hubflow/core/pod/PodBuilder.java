package dev.hubflow.core.pod;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.hubflow.core.argo.ArgoNames;
import dev.hubflow.core.argo.TemplateTypes;
import dev.hubflow.model.Codec;
import dev.hubflow.model.ManifestException;
import dev.hubflow.model.v1alpha1.Metadata;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.UserContainer;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1Container;
import io.kubernetes.client.openapi.models.V1EmptyDirVolumeSource;
import io.kubernetes.client.openapi.models.V1EnvVar;
import io.kubernetes.client.openapi.models.V1EnvVarSource;
import io.kubernetes.client.openapi.models.V1ObjectFieldSelector;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1OwnerReference;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaimVolumeSource;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodSpec;
import io.kubernetes.client.openapi.models.V1Volume;
import io.kubernetes.client.openapi.models.V1VolumeMount;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the pod for one node in Argo's emissary executor layout (init + wait + main), so the real
 * argoexec image can run it. Pure: no I/O.
 *
 * <p>The layout follows Argo v3.5.5's {@code createWorkflowPod}: init container {@code init},
 * containers {@code wait}, then the main container(s) and sidecars; every non-wait container's
 * command is wrapped as {@code /var/run/argo/argoexec emissary … -- <command>}. When a container
 * gives no command and its image is not in {@link PodConfig#images()}, nothing follows {@code --}:
 * the command is unknown and the image's own entrypoint applies.
 */
public final class PodBuilder {
  public static final String MAIN = "main";
  public static final String WAIT = "wait";
  public static final String INIT = "init";

  public static final String VAR_RUN_ARGO = "/var/run/argo";
  public static final String EMISSARY = VAR_RUN_ARGO + "/argoexec";
  public static final String STAGING_DIR = "/argo/staging";
  public static final String SCRIPT_PATH = STAGING_DIR + "/script";

  /** Where wait sees main's volume mounts (Argo's {@code ExecutorMainFilesystemDir}). */
  public static final String MAIN_FS_DIR = "/mainctrfs";

  public static final String ENV_POD_NAME = "ARGO_POD_NAME";
  public static final String ENV_POD_UID = "ARGO_POD_UID";
  public static final String ENV_WORKFLOW_NAME = "ARGO_WORKFLOW_NAME";
  public static final String ENV_WORKFLOW_UID = "ARGO_WORKFLOW_UID";
  public static final String ENV_NODE_ID = "ARGO_NODE_ID";
  public static final String ENV_TEMPLATE = "ARGO_TEMPLATE";
  public static final String ENV_CONTAINER_NAME = "ARGO_CONTAINER_NAME";
  public static final String ENV_DEADLINE = "ARGO_DEADLINE";
  public static final String ENV_INCLUDE_SCRIPT_OUTPUT = "ARGO_INCLUDE_SCRIPT_OUTPUT";
  public static final String ENV_PROGRESS_FILE = "ARGO_PROGRESS_FILE";
  public static final String ENV_TERMINATION_GRACE = "ARGO_TERMINATION_GRACE_PERIOD_SECONDS";

  private static final String VOLUME_VAR_RUN_ARGO = "var-run-argo";
  private static final String VOLUME_TMP_DIR = "tmp-dir-argo";
  private static final String VOLUME_STAGING = "argo-staging";
  private static final String LOG_LEVEL = "info";
  private static final String LOG_FORMAT = "text";
  // Go's zero time, which Argo writes when there is no deadline.
  private static final String NO_DEADLINE = "0001-01-01T00:00:00Z";

  private final PodConfig config;

  public PodBuilder(PodConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  public PodConfig config() {
    return config;
  }

  /**
   * The command after {@code --} in an emissary-wrapped container: empty when the template gave
   * none and the image's entrypoint is unknown (the runtime then uses the image's own).
   */
  public static List<String> emissaryCommand(V1Container container) {
    List<String> command = container.getCommand();
    if (command == null || command.isEmpty() || !EMISSARY.equals(command.get(0))) {
      return command == null ? List.of() : command;
    }
    int dashes = command.indexOf("--");
    return dashes < 0 ? List.of() : command.subList(dashes + 1, command.size());
  }

  /**
   * The pod for one node.
   *
   * @throws PodBuildException when the template cannot run as a pod (no container, a volume mount
   *     naming no volume, a podSpecPatch that is not a pod spec)
   */
  public V1Pod build(PodRequest request) {
    Workflow workflow = request.workflow();
    Template template = Codec.copy(request.template());
    WorkflowSpec wfSpec =
        workflow.getSpec() == null ? new WorkflowSpec() : Codec.copy(workflow.getSpec());
    String wfName = workflow.getMetadata().getName();
    Kind kind = Kind.of(template, request.nodeName());

    List<V1Container> mains = mainContainers(template, kind, request);

    V1Pod pod =
        new V1Pod()
            .apiVersion("v1")
            .kind("Pod")
            .metadata(
                new V1ObjectMeta()
                    .name(request.podName())
                    .namespace(request.namespace())
                    .putLabelsItem(ArgoNames.LABEL_WORKFLOW, wfName)
                    .putLabelsItem(ArgoNames.LABEL_COMPLETED, "false")
                    .putAnnotationsItem(ArgoNames.ANNOTATION_NODE_NAME, request.nodeName())
                    .putAnnotationsItem(ArgoNames.ANNOTATION_NODE_ID, request.nodeId()));
    if (request.ownedByWorkflow()) {
      pod.getMetadata()
          .addOwnerReferencesItem(
              new V1OwnerReference()
                  .apiVersion(ArgoNames.API_VERSION)
                  .kind("Workflow")
                  .name(wfName)
                  .uid(workflow.getMetadata().getUid())
                  .controller(true)
                  .blockOwnerDeletion(true));
    }
    V1PodSpec spec = new V1PodSpec().restartPolicy("Never");
    pod.spec(spec);
    spec.setActiveDeadlineSeconds(activeDeadlineSeconds(template, request.nodeName()));
    spec.setImagePullSecrets(wfSpec.getImagePullSecrets());
    if (wfSpec.getHostNetwork() != null) {
      spec.setHostNetwork(wfSpec.getHostNetwork());
    }
    spec.setDnsPolicy(wfSpec.getDnsPolicy());
    spec.setDnsConfig(wfSpec.getDnsConfig());

    spec.addVolumesItem(emptyDir(VOLUME_VAR_RUN_ARGO));
    spec.addVolumesItem(emptyDir(VOLUME_TMP_DIR));
    if (template.getVolumes() != null) {
      template.getVolumes().forEach(spec::addVolumesItem);
    }

    serviceAccount(spec, template, wfSpec);

    if (kind.hasWait()) {
      spec.addContainersItem(executorContainer(WAIT, workflow, "wait"));
    }
    mains.forEach(spec::addContainersItem);
    boolean hasMain = mains.stream().anyMatch(c -> MAIN.equals(c.getName()));
    pod.getMetadata()
        .putAnnotationsItem(
            ArgoNames.ANNOTATION_DEFAULT_CONTAINER,
            hasMain ? MAIN : mains.get(mains.size() - 1).getName());

    spec.addInitContainersItem(executorContainer(INIT, workflow, "init"));

    scheduling(spec, template, wfSpec);
    metadata(pod.getMetadata(), template, wfSpec);
    volumeReferences(spec, template, wfSpec, workflow, request.nodeName());
    if (kind == Kind.SCRIPT) {
      stagingVolume(spec);
    }
    V1Container main = container(spec.getContainers(), MAIN);
    if (template.getInitContainers() != null) {
      for (UserContainer uc : template.getInitContainers()) {
        spec.addInitContainersItem(mirrored(uc, main));
      }
    }
    if (template.getSidecars() != null) {
      for (UserContainer uc : template.getSidecars()) {
        spec.addContainersItem(mirrored(uc, main));
      }
    }
    V1Container wait = container(spec.getContainers(), WAIT);
    if (wait != null && main != null && main.getVolumeMounts() != null) {
      // wait reads main's files (output parameters, artifacts) through these mirrors.
      for (V1VolumeMount m : main.getVolumeMounts()) {
        wait.addVolumeMountsItem(
            Codec.copy(m).mountPath(MAIN_FS_DIR + normalise(m.getMountPath())).readOnly(false));
      }
    }
    for (V1Container c : spec.getInitContainers()) {
      c.addVolumeMountsItem(new V1VolumeMount().name(VOLUME_VAR_RUN_ARGO).mountPath(VAR_RUN_ARGO));
    }

    List<V1EnvVar> nodeEnv = nodeEnv(template, request);
    for (V1Container c : spec.getInitContainers()) {
      c.addEnvItem(env(ENV_CONTAINER_NAME, c.getName()));
      nodeEnv.forEach(c::addEnvItem);
    }
    for (V1Container c : spec.getContainers()) {
      c.addEnvItem(env(ENV_CONTAINER_NAME, c.getName()));
      nodeEnv.forEach(c::addEnvItem);
    }

    substitutePodName(pod);
    applyPodSpecPatch(pod, template, wfSpec, request.nodeName());
    finishContainers(pod.getSpec());
    return pod;
  }

  // ---- main containers ----

  private enum Kind {
    CONTAINER,
    SCRIPT,
    CONTAINER_SET,
    RESOURCE,
    DATA;

    boolean hasWait() {
      return this != RESOURCE && this != DATA;
    }

    static Kind of(Template t, String nodeName) {
      switch (TemplateTypes.of(t)) {
        case "container":
          return CONTAINER;
        case "script":
          return SCRIPT;
        case "containerSet":
          return CONTAINER_SET;
        case "resource":
          return RESOURCE;
        case "data":
          return DATA;
        default:
          break;
      }
      throw new PodBuildException(
          nodeName,
          "template '"
              + t.getName()
              + "' runs no pod: it has no container, script, containerSet, resource or data");
    }
  }

  private List<V1Container> mainContainers(Template t, Kind kind, PodRequest request) {
    List<V1Container> mains = new ArrayList<>();
    switch (kind) {
      case CONTAINER -> mains.add(Codec.copy(t.getContainer()).name(MAIN));
      case SCRIPT -> {
        V1Container c = asContainer(Codec.toTree(t.getScript()), "source");
        if (t.getScript().getSource() != null && !t.getScript().getSource().isEmpty()) {
          c.addArgsItem(SCRIPT_PATH);
        }
        mains.add(c.name(MAIN));
      }
      case CONTAINER_SET -> {
        if (t.getContainerSet().getContainers() == null
            || t.getContainerSet().getContainers().isEmpty()) {
          throw new PodBuildException(
              request.nodeName(), "template '" + t.getName() + "': containerSet has no containers");
        }
        Codec.toTree(t.getContainerSet().getContainers())
            .getAsJsonArray()
            .forEach(
                e -> {
                  V1Container c = asContainer(e, "dependencies");
                  if (c.getName() == null || c.getName().isEmpty()) {
                    c.setName(MAIN);
                  }
                  mains.add(c);
                });
        if (t.getContainerSet().getVolumeMounts() != null) {
          for (V1Container c : mains) {
            t.getContainerSet().getVolumeMounts().forEach(c::addVolumeMountsItem);
          }
        }
      }
      case RESOURCE -> {
        V1Container c = executorContainer(MAIN, request.workflow(), null);
        c.setCommand(List.of("argoexec", "resource", t.getResource().getAction()));
        mains.add(c);
      }
      case DATA -> {
        V1Container c = executorContainer(MAIN, request.workflow(), null);
        c.setCommand(List.of("argoexec", "data", Codec.toJson(t.getData())));
        mains.add(c);
      }
      default -> throw new IllegalStateException(kind.name());
    }
    return mains;
  }

  private static V1Container asContainer(JsonElement tree, String... extraFields) {
    JsonObject o = tree.deepCopy().getAsJsonObject();
    for (String f : extraFields) {
      o.remove(f);
    }
    o.remove("mirrorVolumeMounts");
    return Codec.fromTree(o, V1Container.class, "template");
  }

  private V1Container executorContainer(String name, Workflow wf, String verb) {
    V1Container c =
        new V1Container()
            .name(name)
            .image(config.executorImage())
            .imagePullPolicy(config.executorImagePullPolicy());
    c.addEnvItem(fieldRef(ENV_POD_NAME, "metadata.name"));
    c.addEnvItem(fieldRef(ENV_POD_UID, "metadata.uid"));
    // Argo sets this for Go's x509 behaviour; kept so the real argoexec behaves the same.
    c.addEnvItem(env("GODEBUG", "x509ignoreCN=0"));
    c.addEnvItem(env(ENV_WORKFLOW_NAME, wf.getMetadata().getName()));
    c.addEnvItem(env(ENV_WORKFLOW_UID, Objects.toString(wf.getMetadata().getUid(), "")));
    if (verb != null) {
      c.setCommand(List.of("argoexec", verb, "--loglevel", LOG_LEVEL, "--log-format", LOG_FORMAT));
    }
    return c;
  }

  private static V1Container mirrored(UserContainer uc, V1Container main) {
    V1Container c = asContainer(Codec.toTree(uc));
    if (Boolean.TRUE.equals(uc.getMirrorVolumeMounts())
        && main != null
        && main.getVolumeMounts() != null) {
      main.getVolumeMounts().forEach(m -> c.addVolumeMountsItem(Codec.copy(m)));
    }
    return c;
  }

  // ---- spec parts ----

  private static Long activeDeadlineSeconds(Template t, String nodeName) {
    IntOrString ads = t.getActiveDeadlineSeconds();
    if (ads == null) {
      return null;
    }
    if (ads.isInteger()) {
      return ads.getIntValue().longValue();
    }
    try {
      return Long.parseLong(ads.getStrValue().trim());
    } catch (NumberFormatException e) {
      throw new PodBuildException(
          nodeName,
          "template '"
              + t.getName()
              + "': activeDeadlineSeconds '"
              + ads.getStrValue()
              + "' is not a number");
    }
  }

  private static void serviceAccount(V1PodSpec spec, Template t, WorkflowSpec wf) {
    spec.setServiceAccountName(
        firstNonEmpty(t.getServiceAccountName(), wf.getServiceAccountName()));
    Boolean automount =
        t.getAutomountServiceAccountToken() != null
            ? t.getAutomountServiceAccountToken()
            : wf.getAutomountServiceAccountToken();
    if (Boolean.FALSE.equals(automount)) {
      spec.setAutomountServiceAccountToken(false);
    }
  }

  private static void scheduling(V1PodSpec spec, Template t, WorkflowSpec wf) {
    spec.setNodeSelector(
        nonEmpty(t.getNodeSelector()) ? t.getNodeSelector() : wf.getNodeSelector());
    spec.setAffinity(t.getAffinity() != null ? t.getAffinity() : wf.getAffinity());
    spec.setTolerations(nonEmpty(t.getTolerations()) ? t.getTolerations() : wf.getTolerations());
    spec.setSchedulerName(firstNonEmpty(t.getSchedulerName(), wf.getSchedulerName()));
    spec.setPriorityClassName(
        firstNonEmpty(t.getPriorityClassName(), wf.getPodPriorityClassName()));
    if (wf.getHostAliases() != null) {
      wf.getHostAliases().forEach(spec::addHostAliasesItem);
    }
    if (t.getHostAliases() != null) {
      t.getHostAliases().forEach(spec::addHostAliasesItem);
    }
    spec.setSecurityContext(
        t.getSecurityContext() != null ? t.getSecurityContext() : wf.getSecurityContext());
  }

  private static void metadata(V1ObjectMeta meta, Template t, WorkflowSpec wf) {
    for (Metadata m : new Metadata[] {wf.getPodMetadata(), t.getMetadata()}) {
      if (m == null) {
        continue;
      }
      if (m.getAnnotations() != null) {
        m.getAnnotations().forEach(meta::putAnnotationsItem);
      }
      if (m.getLabels() != null) {
        m.getLabels().forEach(meta::putLabelsItem);
      }
    }
  }

  /** Adds the workflow volumes and claims that the template's containers mount. */
  private static void volumeReferences(
      V1PodSpec spec, Template t, WorkflowSpec wf, Workflow workflow, String nodeName) {
    Map<String, V1Volume> known = new LinkedHashMap<>();
    for (V1Volume v : claimVolumes(wf, workflow)) {
      known.put(v.getName(), v);
    }
    if (wf.getVolumes() != null) {
      wf.getVolumes().forEach(v -> known.put(v.getName(), v));
    }
    if (t.getVolumes() != null) {
      t.getVolumes().forEach(v -> known.put(v.getName(), v));
    }
    List<V1VolumeMount> mounts = new ArrayList<>();
    for (V1Container c : spec.getContainers()) {
      if (!WAIT.equals(c.getName()) && c.getVolumeMounts() != null) {
        mounts.addAll(c.getVolumeMounts());
      }
    }
    for (List<UserContainer> ucs :
        List.of(listOf(t.getInitContainers()), listOf(t.getSidecars()))) {
      for (UserContainer uc : ucs) {
        if (uc.getVolumeMounts() != null) {
          mounts.addAll(uc.getVolumeMounts());
        }
      }
    }
    for (V1VolumeMount m : mounts) {
      V1Volume v = known.get(m.getName());
      if (v == null) {
        throw new PodBuildException(
            nodeName, "volume '" + m.getName() + "' not found in workflow spec");
      }
      if (spec.getVolumes().stream().noneMatch(x -> x.getName().equals(v.getName()))) {
        spec.addVolumesItem(Codec.copy(v));
      }
    }
  }

  /** The workflow's claims: from its status once created, else as they will be named. */
  private static List<V1Volume> claimVolumes(WorkflowSpec wf, Workflow workflow) {
    if (workflow.getStatus() != null && workflow.getStatus().getPersistentVolumeClaims() != null) {
      return workflow.getStatus().getPersistentVolumeClaims();
    }
    List<V1Volume> volumes = new ArrayList<>();
    if (wf.getVolumeClaimTemplates() != null) {
      for (V1PersistentVolumeClaim pvc : wf.getVolumeClaimTemplates()) {
        String name = pvc.getMetadata().getName();
        volumes.add(
            new V1Volume()
                .name(name)
                .persistentVolumeClaim(
                    new V1PersistentVolumeClaimVolumeSource()
                        .claimName(workflow.getMetadata().getName() + "-" + name)));
      }
    }
    return volumes;
  }

  private static void stagingVolume(V1PodSpec spec) {
    spec.addVolumesItem(emptyDir(VOLUME_STAGING));
    V1VolumeMount m = new V1VolumeMount().name(VOLUME_STAGING).mountPath(STAGING_DIR);
    container(spec.getInitContainers(), INIT).addVolumeMountsItem(m);
    container(spec.getContainers(), MAIN).addVolumeMountsItem(Codec.copy(m));
  }

  private static List<V1EnvVar> nodeEnv(Template template, PodRequest request) {
    List<V1EnvVar> env = new ArrayList<>();
    env.add(env(ENV_TEMPLATE, Codec.toJson(template)));
    env.add(env(ENV_NODE_ID, request.nodeId()));
    env.add(env(ENV_INCLUDE_SCRIPT_OUTPUT, Boolean.toString(request.includeScriptOutput())));
    env.add(env(ENV_DEADLINE, request.deadline().map(PodBuilder::rfc3339).orElse(NO_DEADLINE)));
    env.add(env(ENV_PROGRESS_FILE, VAR_RUN_ARGO + "/progress"));
    return env;
  }

  private static String rfc3339(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(
        t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  /** {@code {{pod.name}}} is the one variable only the pod builder knows. */
  private static void substitutePodName(V1Pod pod) {
    String json = Codec.toJson(pod);
    if (!json.contains("{{pod.name}}")) {
      return;
    }
    String replaced = json.replace("{{pod.name}}", jsonEscaped(pod.getMetadata().getName()));
    V1Pod copy = Codec.fromTree(Codec.readTrees(replaced, "pod").get(0), V1Pod.class, "pod");
    pod.setMetadata(copy.getMetadata());
    pod.setSpec(copy.getSpec());
  }

  private static String jsonEscaped(String s) {
    String quoted = new JsonPrimitive(s).toString();
    return quoted.substring(1, quoted.length() - 1);
  }

  private static void applyPodSpecPatch(V1Pod pod, Template t, WorkflowSpec wf, String nodeName) {
    List<String> patches = new ArrayList<>();
    if (wf.getPodSpecPatch() != null && !wf.getPodSpecPatch().isBlank()) {
      patches.add(wf.getPodSpecPatch());
    }
    if (t.getPodSpecPatch() != null && !t.getPodSpecPatch().isBlank()) {
      patches.add(t.getPodSpecPatch());
    }
    if (patches.isEmpty()) {
      return;
    }
    JsonElement spec = Codec.toTree(pod.getSpec());
    for (String text : patches) {
      JsonElement patch;
      try {
        List<JsonElement> docs =
            Codec.readTrees(
                text.replace("{{pod.name}}", pod.getMetadata().getName()), "podSpecPatch");
        if (docs.size() != 1 || !docs.get(0).isJsonObject()) {
          throw new PodBuildException(nodeName, "invalid podSpecPatch: not one object");
        }
        patch = docs.get(0);
      } catch (ManifestException e) {
        throw new PodBuildException(nodeName, "invalid podSpecPatch: " + e.getMessage());
      }
      spec = SpecPatch.merge(spec, patch);
    }
    try {
      pod.setSpec(Codec.fromTree(spec, V1PodSpec.class, "podSpecPatch"));
    } catch (ManifestException e) {
      throw new PodBuildException(nodeName, "invalid podSpecPatch: " + e.getMessage());
    }
  }

  /** Wraps commands in the emissary and gives wait and every container its argo mounts. */
  private void finishContainers(V1PodSpec spec) {
    List<V1Container> containers = spec.getContainers();
    for (int i = 0; i < containers.size(); i++) {
      V1Container c = containers.get(i);
      if (!WAIT.equals(c.getName())) {
        List<String> command = c.getCommand();
        if (command == null || command.isEmpty()) {
          ImageEntrypoint image = config.images().get(c.getImage());
          command = image == null ? List.of() : image.entrypoint();
          // Kubernetes' rule: args given replace the image's CMD; absent, CMD applies.
          if (image != null && c.getArgs() == null && !image.cmd().isEmpty()) {
            c.setArgs(new ArrayList<>(image.cmd()));
          }
        }
        List<String> wrapped = new ArrayList<>();
        wrapped.add(EMISSARY);
        wrapped.add("emissary");
        wrapped.addAll(List.of("--loglevel", LOG_LEVEL, "--log-format", LOG_FORMAT, "--"));
        wrapped.addAll(command);
        c.setCommand(wrapped);
      }
      if (Objects.equals(c.getImage(), config.executorImage())) {
        c.addVolumeMountsItem(
            new V1VolumeMount().name(VOLUME_TMP_DIR).mountPath("/tmp").subPath(String.valueOf(i)));
      }
      c.addVolumeMountsItem(new V1VolumeMount().name(VOLUME_VAR_RUN_ARGO).mountPath(VAR_RUN_ARGO));
      if (WAIT.equals(c.getName()) && spec.getTerminationGracePeriodSeconds() != null) {
        c.addEnvItem(
            env(ENV_TERMINATION_GRACE, spec.getTerminationGracePeriodSeconds().toString()));
      }
    }
  }

  // ---- small pieces ----

  private static V1Container container(List<V1Container> list, String name) {
    if (list == null) {
      return null;
    }
    return list.stream().filter(c -> name.equals(c.getName())).findFirst().orElse(null);
  }

  private static V1Volume emptyDir(String name) {
    return new V1Volume().name(name).emptyDir(new V1EmptyDirVolumeSource());
  }

  private static V1EnvVar env(String name, String value) {
    return new V1EnvVar().name(name).value(value);
  }

  private static V1EnvVar fieldRef(String name, String path) {
    return new V1EnvVar()
        .name(name)
        .valueFrom(
            new V1EnvVarSource()
                .fieldRef(new V1ObjectFieldSelector().apiVersion("v1").fieldPath(path)));
  }

  private static String normalise(String path) {
    if (path == null || path.isEmpty()) {
      return "/";
    }
    String p = path.startsWith("/") ? path : "/" + path;
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p;
  }

  private static String firstNonEmpty(String a, String b) {
    if (a != null && !a.isEmpty()) {
      return a;
    }
    return b == null || b.isEmpty() ? null : b;
  }

  private static boolean nonEmpty(Map<?, ?> m) {
    return m != null && !m.isEmpty();
  }

  private static boolean nonEmpty(List<?> l) {
    return l != null && !l.isEmpty();
  }

  private static <T> List<T> listOf(List<T> l) {
    return l == null ? List.of() : l;
  }
}
