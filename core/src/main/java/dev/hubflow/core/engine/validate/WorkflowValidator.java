package dev.hubflow.core.engine.validate;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hubflow.model.Codec;
import dev.hubflow.model.ManifestException;
import dev.hubflow.model.v1alpha1.Arguments;
import dev.hubflow.model.v1alpha1.ClusterWorkflowTemplate;
import dev.hubflow.model.v1alpha1.CronWorkflow;
import dev.hubflow.model.v1alpha1.DAGTask;
import dev.hubflow.model.v1alpha1.LifecycleHook;
import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Sequence;
import dev.hubflow.model.v1alpha1.Template;
import dev.hubflow.model.v1alpha1.TemplateRef;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import dev.hubflow.model.v1alpha1.WorkflowStep;
import dev.hubflow.model.v1alpha1.WorkflowTemplate;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks Workflows, WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows the way Argo's
 * {@code workflow/validate} does before it runs anything: template names and types, references to
 * templates, steps and DAG tasks, DAG dependencies, variables that nothing defines, and (when
 * strict, as {@code argo lint} is) keys no field reads. Pure: the caller supplies the templates a
 * manifest may refer to.
 */
public final class WorkflowValidator {
  /** The kinds this validator checks; lint skips all others. */
  public static final Set<String> KINDS =
      Set.of("Workflow", "WorkflowTemplate", "ClusterWorkflowTemplate", "CronWorkflow");

  private static final String TYPES =
      "choose one of: container, containerSet, steps, script, resource, dag, suspend, template,"
          + " template ref";
  private static final Pattern TAG = Pattern.compile("\\{\\{([^{}]*)}}");
  private static final Pattern DEPENDS_NAME =
      Pattern.compile("([a-zA-Z0-9][-a-zA-Z0-9]*?)(\\.[A-Z][a-zA-Z]+)?(?![-a-zA-Z0-9.])");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

  private final TemplateLookup lookup;
  private final boolean strict;

  /**
   * @param lookup the templates a manifest may refer to
   * @param strict also report keys that no field reads (lint does; the engine, like Argo's
   *     controller, ignores them)
   */
  public WorkflowValidator(TemplateLookup lookup, boolean strict) {
    this.lookup = Objects.requireNonNull(lookup);
    this.strict = strict;
  }

  /** Validates a manifest as read from a file: decodes it by kind, then checks it. */
  public Validation validate(JsonElement manifest) {
    List<Problem> problems = new ArrayList<>();
    String kind = kindOf(manifest);
    Class<?> type =
        switch (kind) {
          case "Workflow" -> Workflow.class;
          case "WorkflowTemplate" -> WorkflowTemplate.class;
          case "ClusterWorkflowTemplate" -> ClusterWorkflowTemplate.class;
          case "CronWorkflow" -> CronWorkflow.class;
          default -> null;
        };
    if (type == null) {
      problems.add(new Problem("kind", "kind '" + kind + "' is not one of " + KINDS));
      return new Validation(problems);
    }
    Object value;
    try {
      value = Codec.fromTree(manifest, type, kind);
    } catch (ManifestException e) {
      problems.add(decodeProblem(e));
      return new Validation(problems);
    }
    if (strict) {
      UnknownFields.find(manifest, type, "", problems);
    }
    check(value, problems);
    return new Validation(problems);
  }

  /** Validates a decoded Workflow (as the engine has it). */
  public Validation validate(Workflow workflow) {
    return checked(workflow);
  }

  public Validation validate(WorkflowTemplate template) {
    return checked(template);
  }

  public Validation validate(ClusterWorkflowTemplate template) {
    return checked(template);
  }

  public Validation validate(CronWorkflow cron) {
    return checked(cron);
  }

  private Validation checked(Object value) {
    List<Problem> problems = new ArrayList<>();
    if (strict) {
      UnknownFields.find(Codec.toTree(value), value.getClass(), "", problems);
    }
    check(value, problems);
    return new Validation(problems);
  }

  private void check(Object value, List<Problem> problems) {
    if (value instanceof Workflow w) {
      checkName(w.getMetadata(), 63, "workflow", problems);
      new SpecCheck(orEmpty(w.getSpec()), "spec", false, problems).run();
    } else if (value instanceof WorkflowTemplate t) {
      checkName(t.getMetadata(), 63, "workflow template", problems);
      new SpecCheck(orEmpty(t.getSpec()), "spec", true, problems).run();
    } else if (value instanceof ClusterWorkflowTemplate t) {
      checkName(t.getMetadata(), 63, "cluster workflow template", problems);
      new SpecCheck(orEmpty(t.getSpec()), "spec", true, problems).run();
    } else if (value instanceof CronWorkflow c) {
      checkName(c.getMetadata(), 52, "cron workflow", problems);
      if (c.getSpec() == null || c.getSpec().getWorkflowSpec() == null) {
        problems.add(new Problem("spec.workflowSpec", "spec.workflowSpec is required"));
        return;
      }
      boolean schedule = c.getSpec().getSchedule() != null && !c.getSpec().getSchedule().isEmpty();
      boolean schedules =
          c.getSpec().getSchedules() != null && !c.getSpec().getSchedules().isEmpty();
      if (schedule && schedules) {
        problems.add(
            new Problem(
                "spec.schedules",
                "cron workflow cant be configured with both Spec.Schedule and Spec.Schedules"));
      }
      new SpecCheck(c.getSpec().getWorkflowSpec(), "spec.workflowSpec", false, problems).run();
    }
  }

  private static WorkflowSpec orEmpty(WorkflowSpec spec) {
    return spec == null ? new WorkflowSpec() : spec;
  }

  private static void checkName(V1ObjectMeta meta, int max, String what, List<Problem> problems) {
    String name = meta == null ? null : meta.getName();
    if (name != null && name.length() > max) {
      problems.add(
          new Problem(
              "metadata.name",
              String.format(
                  "%s name \"%s\" must not be more than %d characters long (currently %d)",
                  what, name, max, name.length())));
    }
  }

  private static String kindOf(JsonElement manifest) {
    if (manifest != null && manifest.isJsonObject()) {
      JsonElement kind = manifest.getAsJsonObject().get("kind");
      if (kind != null && kind.isJsonPrimitive()) {
        return kind.getAsString();
      }
    }
    return "";
  }

  /** Gson's "Expected X but was Y at path $.a.b" as a path and a sentence. */
  private static Problem decodeProblem(ManifestException e) {
    String text = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    Matcher m =
        Pattern.compile("Expected (\\w+) but was (\\w+) at path \\$\\.?(\\S*)").matcher(text);
    if (m.find()) {
      String path = m.group(3).replaceAll("\\.$", "");
      return new Problem(
          path, path + ": expected " + shape(m.group(1)) + " but found " + shape(m.group(2)));
    }
    return new Problem("", e.getMessage());
  }

  private static String shape(String token) {
    return switch (token) {
      case "BEGIN_ARRAY" -> "a list";
      case "BEGIN_OBJECT" -> "an object";
      case "STRING" -> "a string";
      case "NUMBER" -> "a number";
      case "BOOLEAN" -> "a boolean";
      default -> token.toLowerCase();
    };
  }

  /** The checks of one workflow spec. */
  private final class SpecCheck {
    private final WorkflowSpec spec;
    private final String at;
    private final boolean templateKind;
    private final List<Problem> problems;
    private final Map<String, Template> templates = new LinkedHashMap<>();
    private final Set<String> globals = new HashSet<>();

    SpecCheck(WorkflowSpec spec, String at, boolean templateKind, List<Problem> problems) {
      this.spec = spec;
      this.at = at;
      this.templateKind = templateKind;
      this.problems = problems;
    }

    void run() {
      WorkflowSpec referenced = null;
      if (spec.getWorkflowTemplateRef() != null) {
        referenced = referencedSpec();
        if (spec.getTemplates() != null && !spec.getTemplates().isEmpty()) {
          problems.add(
              new Problem(
                  at + ".templates",
                  "Templates is invalid field in spec if workflow referred WorkflowTemplate"
                      + " reference"));
        }
      }
      List<Template> list = spec.getTemplates() == null ? List.of() : spec.getTemplates();
      for (int i = 0; i < list.size(); i++) {
        Template t = list.get(i);
        String name = t == null ? null : t.getName();
        String path = at + ".templates[" + i + "]";
        if (name == null || name.isEmpty()) {
          problems.add(new Problem(path + ".name", "spec.templates[" + i + "].name is required"));
        } else if (templates.containsKey(name)) {
          problems.add(
              new Problem(
                  path + ".name", "spec.templates[" + i + "].name '" + name + "' is not unique"));
        } else {
          templates.put(name, t);
        }
      }
      if (spec.getArguments() != null) {
        names(
            spec.getArguments().getParameters(),
            Parameter::getName,
            at + ".arguments.parameters",
            "spec.arguments.parameters");
        names(
            spec.getArguments().getArtifacts(),
            dev.hubflow.model.v1alpha1.Artifact::getName,
            at + ".arguments.artifacts",
            "spec.arguments.artifacts");
      }
      addGlobals(spec.getArguments());
      if (referenced != null) {
        addGlobals(referenced.getArguments());
      }

      String entrypoint = spec.getEntrypoint();
      if ((entrypoint == null || entrypoint.isEmpty()) && referenced != null) {
        entrypoint = referenced.getEntrypoint();
      }
      boolean unresolved = spec.getWorkflowTemplateRef() != null && referenced == null;
      if (entrypoint == null || entrypoint.isEmpty()) {
        if (!templateKind && !unresolved) {
          problems.add(new Problem(at + ".entrypoint", "spec.entrypoint is required"));
        }
      } else if (referenced == null && !templates.containsKey(entrypoint) && !dynamic(entrypoint)) {
        problems.add(
            new Problem(at + ".entrypoint", "template name '" + entrypoint + "' undefined"));
      }
      String onExit = spec.getOnExit();
      if (onExit != null
          && !onExit.isEmpty()
          && referenced == null
          && !templates.containsKey(onExit)
          && !dynamic(onExit)) {
        problems.add(new Problem(at + ".onExit", "template name '" + onExit + "' undefined"));
      }
      if (referenced == null) {
        hooks(spec.getHooks(), at, "hooks");
      }
      if (!templateKind && referenced == null && !blank(entrypoint)) {
        Template entry = templates.get(entrypoint);
        if (entry != null) {
          // The workflow's arguments feed its entrypoint.
          supplied(at + ".arguments", "", entry, spec.getArguments());
        }
      }
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) != null) {
          template(list.get(i), at + ".templates[" + i + "]");
        }
      }
    }

    private WorkflowSpec referencedSpec() {
      String name = spec.getWorkflowTemplateRef().getName();
      boolean cluster = Boolean.TRUE.equals(spec.getWorkflowTemplateRef().getClusterScope());
      Optional<WorkflowSpec> found =
          name == null
              ? Optional.empty()
              : cluster ? lookup.clusterWorkflowTemplate(name) : lookup.workflowTemplate(name);
      if (found.isEmpty()) {
        problems.add(
            new Problem(
                at + ".workflowTemplateRef.name",
                (cluster ? "clusterworkflowtemplates" : "workflowtemplates")
                    + ".argoproj.io \""
                    + name
                    + "\" not found"));
        return null;
      }
      return found.get();
    }

    private void addGlobals(Arguments args) {
      if (args != null && args.getParameters() != null) {
        for (Parameter p : args.getParameters()) {
          if (p != null && p.getName() != null) {
            globals.add("workflow.parameters." + p.getName());
          }
        }
        if (!args.getParameters().isEmpty()) {
          globals.add("workflow.parameters");
          globals.add("workflow.parameters.json");
        }
      }
    }

    private void template(Template t, String path) {
      String name = t.getName();
      List<String> types = new ArrayList<>();
      addIf(types, t.getContainer(), "container");
      addIf(types, t.getContainerSet(), "containerSet");
      addIf(types, t.getSteps(), "steps");
      addIf(types, t.getScript(), "script");
      addIf(types, t.getResource(), "resource");
      addIf(types, t.getDag(), "dag");
      addIf(types, t.getSuspend(), "suspend");
      addIf(types, t.getData(), "data");
      addIf(types, t.getHttp(), "http");
      addIf(types, t.getPlugin(), "plugin");
      if (types.isEmpty()) {
        problems.add(
            new Problem(path, "templates." + name + " template type unspecified. " + TYPES));
      } else if (types.size() > 1) {
        problems.add(
            new Problem(
                path + "." + types.get(1),
                "templates." + name + " multiple template types specified. " + TYPES));
      }
      leaf(t, path, types);
      if (t.getInputs() != null) {
        names(
            t.getInputs().getParameters(),
            Parameter::getName,
            path + ".inputs.parameters",
            "templates." + name + ".inputs.parameters");
      }
      if (t.getSteps() != null) {
        steps(t, path);
      }
      if (t.getDag() != null) {
        dag(t, path);
      }
      variables(t, path);
    }

    /** Checks on the template's own fields, by Argo's messages. */
    private void leaf(Template t, String path, List<String> types) {
      String name = t.getName();
      String p = "templates." + name;
      boolean leaf = !types.isEmpty() && !Set.of("steps", "dag", "suspend").contains(types.get(0));
      if (t.getContainer() != null && blank(t.getContainer().getImage()) && !defaultImage()) {
        problems.add(
            new Problem(path + ".container.image", p + ".container.image may not be empty"));
      }
      if (t.getScript() != null && blank(t.getScript().getImage()) && !defaultImage()) {
        problems.add(new Problem(path + ".script.image", p + ".script.image may not be empty"));
      }
      if (t.getResource() != null) {
        String action = t.getResource().getAction();
        if (!dynamic(action == null ? "" : action)
            && !Set.of("get", "create", "apply", "delete", "replace", "patch").contains(action)) {
          problems.add(
              new Problem(
                  path + ".resource.action",
                  p
                      + ".resource.action must be one of: get, create, apply, delete, replace, patch"));
        }
        if (!"delete".equals(action)
            && !"get".equals(action)
            && blank(t.getResource().getManifest())
            && t.getResource().getManifestFrom() == null) {
          problems.add(
              new Problem(
                  path + ".resource.manifest",
                  "either "
                      + p
                      + ".resource.manifest or "
                      + p
                      + ".resource.manifestFrom must be specified"));
        }
      }
      if (t.getParallelism() != null && leaf) {
        problems.add(
            new Problem(
                path + ".parallelism",
                p + ".parallelism is only valid for steps and dag templates"));
      }
      IntOrString deadline = t.getActiveDeadlineSeconds();
      if (deadline != null) {
        boolean bad =
            deadline.isInteger()
                ? deadline.getIntValue() < 0
                : !INTEGER.matcher(deadline.getStrValue().trim()).matches()
                    && !dynamic(deadline.getStrValue());
        if (bad || (!deadline.isInteger() && deadline.getStrValue().trim().startsWith("-"))) {
          problems.add(
              new Problem(
                  path + ".activeDeadlineSeconds",
                  p + ".activeDeadlineSeconds must be a positive integer > 0 or an argo variable"));
        }
      }
      String timeout = t.getTimeout();
      if (!blank(timeout) && !types.isEmpty()) {
        if (!leaf) {
          String type =
              switch (types.get(0)) {
                case "steps" -> "Steps";
                case "dag" -> "DAG";
                default -> "Suspend";
              };
          problems.add(
              new Problem(path + ".timeout", type + " template doesn't support timeout field."));
        } else if (INTEGER.matcher(timeout.trim()).matches()) {
          problems.add(
              new Problem(path + ".timeout", name + " has invalid duration format in timeout."));
        }
      }
      if (t.getRetryStrategy() != null) {
        String policy = t.getRetryStrategy().getRetryPolicy();
        if (policy != null
            && !Set.of("", "Always", "OnError", "OnFailure", "OnTransientError").contains(policy)) {
          problems.add(
              new Problem(
                  path + ".retryStrategy.retryPolicy", policy + " is not a valid RetryPolicy"));
        }
      }
    }

    private boolean defaultImage() {
      Template defaults = spec.getTemplateDefaults();
      return defaults != null
          && defaults.getContainer() != null
          && !blank(defaults.getContainer().getImage());
    }

    /** Lifecycle hooks other than exit need an expression; their templates must exist. */
    private void hooks(Map<String, LifecycleHook> hooks, String path, String base) {
      if (hooks == null) {
        return;
      }
      for (Map.Entry<String, LifecycleHook> e : hooks.entrySet()) {
        LifecycleHook hook = e.getValue();
        String hp = path + ".hooks." + e.getKey();
        if (hook == null) {
          continue;
        }
        if (!e.getKey().equals("exit") && blank(hook.getExpression())) {
          problems.add(
              new Problem(hp + ".expression", base + "." + e.getKey() + " Expression required"));
        }
        call(
            hp,
            base + ".hooks." + e.getKey() + " ",
            hook.getTemplate(),
            hook.getTemplateRef(),
            false,
            hook.getArguments());
      }
    }

    private void exitHandler(String onExit, String path, String prefix) {
      if (!blank(onExit) && !dynamic(onExit) && !templates.containsKey(onExit)) {
        problems.add(
            new Problem(path + ".onExit", prefix + "template name '" + onExit + "' undefined"));
      }
    }

    private void steps(Template t, String path) {
      String name = t.getName();
      Set<String> seen = new HashSet<>();
      List<List<WorkflowStep>> groups = t.getSteps();
      for (int i = 0; i < groups.size(); i++) {
        List<WorkflowStep> group = groups.get(i) == null ? List.of() : groups.get(i);
        for (int j = 0; j < group.size(); j++) {
          WorkflowStep s = group.get(j);
          String sp = path + ".steps[" + i + "][" + j + "]";
          if (s == null || s.getName() == null || s.getName().isEmpty()) {
            problems.add(
                new Problem(
                    sp + ".name", "templates." + name + ".steps[" + i + "].name is required"));
            continue;
          }
          if (!seen.add(s.getName())) {
            problems.add(
                new Problem(
                    sp + ".name",
                    "templates."
                        + name
                        + ".steps["
                        + i
                        + "].name '"
                        + s.getName()
                        + "' is not unique"));
          }
          String prefix = "templates." + name + ".steps[" + i + "]." + s.getName() + " ";
          call(
              sp,
              prefix,
              s.getTemplate(),
              s.getTemplateRef(),
              s.getInline() != null,
              s.getArguments());
          loops(sp, prefix, s.getWithItems(), s.getWithParam(), s.getWithSequence());
          hooks(s.getHooks(), sp, "templates." + name + ".steps[" + i + "]." + s.getName());
          exitHandler(s.getOnExit(), sp, prefix);
        }
      }
    }

    private void dag(Template t, String path) {
      String name = t.getName();
      List<DAGTask> tasks = t.getDag().getTasks() == null ? List.of() : t.getDag().getTasks();
      if (tasks.isEmpty()) {
        problems.add(
            new Problem(path + ".dag.tasks", "templates." + name + " must have at least one task"));
        return;
      }
      Map<String, DAGTask> byName = new LinkedHashMap<>();
      Map<String, Integer> index = new LinkedHashMap<>();
      boolean usingDepends = false;
      for (int i = 0; i < tasks.size(); i++) {
        DAGTask task = tasks.get(i);
        String tp = path + ".dag.tasks[" + i + "]";
        if (task == null || task.getName() == null || task.getName().isEmpty()) {
          problems.add(
              new Problem(
                  tp + ".name", "templates." + name + ".tasks[" + i + "].name is required"));
          continue;
        }
        if (byName.containsKey(task.getName())) {
          problems.add(
              new Problem(
                  tp + ".name",
                  "templates."
                      + name
                      + ".tasks["
                      + i
                      + "].name '"
                      + task.getName()
                      + "' is not unique"));
          continue;
        }
        byName.put(task.getName(), task);
        index.put(task.getName(), i);
        usingDepends |= task.getDepends() != null && !task.getDepends().isEmpty();
      }
      Map<String, List<String>> dependencies = new LinkedHashMap<>();
      for (Map.Entry<String, DAGTask> e : byName.entrySet()) {
        DAGTask task = e.getValue();
        String tp = path + ".dag.tasks[" + index.get(e.getKey()) + "]";
        String prefix = "templates." + name + ".tasks." + task.getName() + " ";
        boolean hasDependencies =
            task.getDependencies() != null && !task.getDependencies().isEmpty();
        if (usingDepends && hasDependencies) {
          problems.add(
              new Problem(
                  tp + ".dependencies",
                  "templates."
                      + name
                      + " cannot use both 'depends' and 'dependencies' in the same DAG template"));
        }
        if (usingDepends && task.getContinueOn() != null) {
          problems.add(
              new Problem(
                  tp + ".continueOn",
                  "templates."
                      + name
                      + " cannot use 'continueOn' when using 'depends'. Instead use"
                      + " 'dep-task.Failed'/'dep-task.Errored'"));
        }
        call(
            tp,
            prefix,
            task.getTemplate(),
            task.getTemplateRef(),
            task.getInline() != null,
            task.getArguments());
        loops(tp, prefix, task.getWithItems(), task.getWithParam(), task.getWithSequence());
        hooks(task.getHooks(), tp, "templates." + name + ".tasks." + task.getName());
        exitHandler(task.getOnExit(), tp, prefix);
        if ((usingDepends || hasDependencies) && Character.isDigit(task.getName().charAt(0))) {
          problems.add(
              new Problem(
                  tp + ".name",
                  "templates."
                      + name
                      + ".tasks."
                      + task.getName()
                      + " name cannot begin with a digit when using either 'depends' or"
                      + " 'dependencies'"));
        }
        List<String> deps = new ArrayList<>();
        String depsPath = tp + ".dependencies";
        if (hasDependencies) {
          deps.addAll(task.getDependencies());
        } else if (task.getDepends() != null) {
          deps.addAll(dependsNames(task.getDepends()));
          depsPath = tp + ".depends";
        }
        for (String dep : deps) {
          if (!byName.containsKey(dep)) {
            problems.add(new Problem(depsPath, prefix + "dependency '" + dep + "' not defined"));
          }
        }
        deps.retainAll(byName.keySet());
        dependencies.put(task.getName(), deps);
      }
      cycle(name, path, dependencies);
      for (Map.Entry<String, DAGTask> e : byName.entrySet()) {
        argumentDependencies(
            e.getValue(),
            path + ".dag.tasks[" + index.get(e.getKey()) + "]",
            "templates." + name + ".tasks." + e.getKey() + " ",
            ancestors(e.getKey(), dependencies));
      }
      String target = t.getDag().getTarget();
      if (target != null && !target.isBlank() && !target.contains("{{")) {
        for (String targetName : target.trim().split("\\s+")) {
          if (!byName.containsKey(targetName)) {
            problems.add(
                new Problem(
                    path + ".dag.target",
                    "templates." + name + ".targets: target '" + targetName + "' is not defined"));
          }
        }
      }
    }

    private Set<String> ancestors(String task, Map<String, List<String>> dependencies) {
      Set<String> found = new LinkedHashSet<>();
      List<String> todo = new ArrayList<>(dependencies.getOrDefault(task, List.of()));
      while (!todo.isEmpty()) {
        String next = todo.remove(todo.size() - 1);
        if (found.add(next)) {
          todo.addAll(dependencies.getOrDefault(next, List.of()));
        }
      }
      return found;
    }

    /** An argument taken from another task's outputs needs that task among its ancestors. */
    private void argumentDependencies(
        DAGTask task, String path, String prefix, Set<String> ancestors) {
      Arguments args = task.getArguments();
      if (args == null) {
        return;
      }
      List<Parameter> parameters = args.getParameters() == null ? List.of() : args.getParameters();
      for (int i = 0; i < parameters.size(); i++) {
        Parameter p = parameters.get(i);
        String ref = p == null ? null : referencedTask(p.getValue());
        if (ref != null && !ancestors.contains(ref)) {
          problems.add(
              new Problem(
                  path + ".arguments.parameters[" + i + "].value",
                  prefix + "missing dependency '" + ref + "' for parameter '" + p.getName() + "'"));
        }
      }
      List<dev.hubflow.model.v1alpha1.Artifact> artifacts =
          args.getArtifacts() == null ? List.of() : args.getArtifacts();
      for (int i = 0; i < artifacts.size(); i++) {
        dev.hubflow.model.v1alpha1.Artifact a = artifacts.get(i);
        String ref = a == null ? null : referencedTask(a.getFrom());
        if (ref != null && !ancestors.contains(ref)) {
          problems.add(
              new Problem(
                  path + ".arguments.artifacts[" + i + "].from",
                  prefix + "missing dependency '" + ref + "' for artifact '" + a.getName() + "'"));
        }
      }
    }

    private static String referencedTask(String value) {
      if (value == null || !value.startsWith("{{tasks.")) {
        return null;
      }
      String[] parts = value.split("\\.");
      return parts.length > 1 ? parts[1] : null;
    }

    /** The first dependency cycle, reported as Argo does: a->b->a. */
    private void cycle(String name, String path, Map<String, List<String>> dependencies) {
      Set<String> done = new HashSet<>();
      for (String start : dependencies.keySet()) {
        List<String> chain = new ArrayList<>();
        String found = walk(start, dependencies, chain, done);
        if (found != null) {
          problems.add(
              new Problem(
                  path + ".dag.tasks",
                  "templates." + name + ".tasks dependency cycle detected: " + found));
          return;
        }
      }
    }

    private String walk(
        String task, Map<String, List<String>> deps, List<String> chain, Set<String> done) {
      if (done.contains(task)) {
        return null;
      }
      for (String dep : deps.getOrDefault(task, List.of())) {
        if (chain.contains(dep)) {
          return String.join("->", chain) + "->" + dep;
        }
        chain.add(dep);
        String found = walk(dep, deps, chain, done);
        if (found != null) {
          return found;
        }
        chain.remove(chain.size() - 1);
      }
      done.add(task);
      return null;
    }

    /** A step's or task's template: it must exist, and get the inputs it needs. */
    private void call(
        String path,
        String prefix,
        String template,
        TemplateRef ref,
        boolean inline,
        Arguments args) {
      boolean named = template != null && !template.isEmpty();
      if (ref != null) {
        if (named) {
          problems.add(
              new Problem(
                  path + ".template",
                  prefix + "template name cannot be specified with templateRef."));
          return;
        }
        templateRef(path + ".templateRef", prefix, ref, args);
        return;
      }
      if (!named) {
        if (!inline) {
          problems.add(new Problem(path + ".template", prefix + "template name is required"));
        }
        return;
      }
      if (dynamic(template)) {
        return;
      }
      Template called = templates.get(template);
      if (called == null) {
        problems.add(
            new Problem(path + ".template", prefix + "template name '" + template + "' undefined"));
        return;
      }
      supplied(path, prefix, called, args);
    }

    private void templateRef(String path, String prefix, TemplateRef ref, Arguments args) {
      if (ref.getName() == null || ref.getName().isEmpty()) {
        problems.add(new Problem(path + ".name", prefix + "resource name is required"));
        return;
      }
      if (ref.getTemplate() == null || ref.getTemplate().isEmpty()) {
        problems.add(new Problem(path + ".template", prefix + "template name is required"));
        return;
      }
      if (dynamic(ref.getName()) || dynamic(ref.getTemplate())) {
        return;
      }
      boolean cluster = Boolean.TRUE.equals(ref.getClusterScope());
      Optional<WorkflowSpec> spec =
          cluster
              ? lookup.clusterWorkflowTemplate(ref.getName())
              : lookup.workflowTemplate(ref.getName());
      if (spec.isEmpty()) {
        problems.add(
            new Problem(
                path + ".name",
                prefix
                    + (cluster ? "clusterworkflowtemplates" : "workflowtemplates")
                    + ".argoproj.io \""
                    + ref.getName()
                    + "\" not found"));
        return;
      }
      Template called = null;
      if (spec.get().getTemplates() != null) {
        for (Template t : spec.get().getTemplates()) {
          if (t != null && ref.getTemplate().equals(t.getName())) {
            called = t;
          }
        }
      }
      if (called == null) {
        problems.add(
            new Problem(
                path + ".template",
                prefix
                    + "template reference "
                    + ref.getName()
                    + "."
                    + ref.getTemplate()
                    + " not found"));
        return;
      }
      supplied(path.substring(0, path.lastIndexOf('.')), prefix, called, args);
    }

    /** Every input parameter without a value of its own must come from the arguments. */
    private void supplied(String path, String prefix, Template called, Arguments args) {
      if (called.getInputs() == null || called.getInputs().getParameters() == null) {
        return;
      }
      Set<String> given = new HashSet<>();
      if (args != null && args.getParameters() != null) {
        for (Parameter p : args.getParameters()) {
          if (p != null) {
            given.add(p.getName());
          }
        }
      }
      for (Parameter in : called.getInputs().getParameters()) {
        if (in == null || in.getName() == null || given.contains(in.getName())) {
          continue;
        }
        if (in.getValue() == null && in.getDefault_() == null && in.getValueFrom() == null) {
          problems.add(
              new Problem(
                  path.endsWith(".arguments")
                      ? path + ".parameters"
                      : path + ".arguments.parameters",
                  prefix
                      + "templates."
                      + called.getName()
                      + " inputs.parameters."
                      + in.getName()
                      + " was not supplied"));
        }
      }
    }

    private void loops(
        String path, String prefix, List<JsonElement> items, String param, Sequence sequence) {
      int defined = 0;
      defined += items != null && !items.isEmpty() ? 1 : 0;
      defined += param != null && !param.isEmpty() ? 1 : 0;
      defined += sequence != null ? 1 : 0;
      if (defined > 1) {
        problems.add(
            new Problem(
                path, prefix + "only one of withItems, withParam, withSequence can be specified"));
      }
      if (sequence == null) {
        return;
      }
      String sp = path + ".withSequence";
      if (sequence.getCount() != null && sequence.getEnd() != null) {
        problems.add(
            new Problem(sp, prefix + "only one of count or end can be defined in withSequence"));
      }
      if (sequence.getCount() == null && sequence.getEnd() == null) {
        problems.add(
            new Problem(sp, prefix + "one of count or end must be defined in withSequence"));
      }
      integer(sp + ".count", prefix, "count", sequence.getCount());
      integer(sp + ".start", prefix, "start", sequence.getStart());
      integer(sp + ".end", prefix, "end", sequence.getEnd());
    }

    private void integer(String path, String prefix, String field, IntOrString value) {
      if (value == null || value.isInteger()) {
        return;
      }
      String s = value.getStrValue().trim();
      if (!INTEGER.matcher(s).matches() && !s.contains("{{")) {
        problems.add(
            new Problem(
                path,
                prefix
                    + "withSequence."
                    + field
                    + " must be an integer or a {{variable}}, not '"
                    + s
                    + "'"));
      }
    }

    /** {@code {{inputs.parameters.x}}}, {@code {{workflow.parameters.x}}}, steps and tasks. */
    private void variables(Template t, String path) {
      Set<String> scope = new HashSet<>(globals);
      if (t.getInputs() != null) {
        addNames(scope, "inputs.parameters", t.getInputs().getParameters(), Parameter::getName);
        addNames(
            scope,
            "inputs.artifacts",
            t.getInputs().getArtifacts(),
            dev.hubflow.model.v1alpha1.Artifact::getName);
      }
      List<String> taskNames = new ArrayList<>();
      if (t.getDag() != null && t.getDag().getTasks() != null) {
        for (DAGTask task : t.getDag().getTasks()) {
          if (task != null && task.getName() != null) {
            taskNames.add(task.getName());
          }
        }
      }
      List<Set<String>> stepGroups = new ArrayList<>();
      if (t.getSteps() != null) {
        for (List<WorkflowStep> group : t.getSteps()) {
          Set<String> names = new LinkedHashSet<>();
          if (group != null) {
            for (WorkflowStep s : group) {
              if (s != null && s.getName() != null) {
                names.add(s.getName());
              }
            }
          }
          stepGroups.add(names);
        }
      }
      JsonElement tree = Codec.toTree(t);
      scan(tree, path, t.getName(), scope, taskNames, stepGroups, stepGroups.size(), path);
    }

    private void scan(
        JsonElement tree,
        String path,
        String template,
        Set<String> scope,
        List<String> tasks,
        List<Set<String>> stepGroups,
        int visibleGroups,
        String templatePath) {
      if (tree.isJsonObject()) {
        JsonObject o = tree.getAsJsonObject();
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
          if (e.getKey().equals("inline")) {
            continue; // an inline template has inputs of its own
          }
          // A step's hooks run after the step, so they see its outputs.
          int visible = e.getKey().equals("hooks") ? visibleGroups + 1 : visibleGroups;
          scan(
              e.getValue(),
              path + "." + e.getKey(),
              template,
              scope,
              tasks,
              stepGroups,
              visible,
              templatePath);
        }
      } else if (tree.isJsonArray()) {
        int i = 0;
        boolean stepsList = path.equals(templatePath + ".steps");
        for (JsonElement item : tree.getAsJsonArray()) {
          scan(
              item,
              path + "[" + i + "]",
              template,
              scope,
              tasks,
              stepGroups,
              stepsList ? i : visibleGroups,
              templatePath);
          i++;
        }
      } else if (tree.isJsonPrimitive() && tree.getAsJsonPrimitive().isString()) {
        Matcher m = TAG.matcher(tree.getAsString());
        while (m.find()) {
          String tag = m.group(1).trim();
          if (!tag.startsWith("=") && !resolves(tag, scope, tasks, stepGroups, visibleGroups)) {
            problems.add(
                new Problem(
                    path, "templates." + template + ": failed to resolve {{" + m.group(1) + "}}"));
          }
        }
      }
    }

    private boolean resolves(
        String tag,
        Set<String> scope,
        List<String> tasks,
        List<Set<String>> stepGroups,
        int visibleGroups) {
      if (tag.startsWith("inputs.parameters") || tag.startsWith("inputs.artifacts")) {
        return scope.contains(tag)
            || scope.contains(tag.replaceFirst("\\.(path|json)$", ""))
            || tag.startsWith("inputs.artifacts.") && scope.contains(stripLast(tag));
      }
      if (tag.startsWith("workflow.parameters")) {
        return templateKind || scope.contains(tag);
      }
      if (tag.startsWith("steps.")) {
        String step = tag.substring("steps.".length()).split("\\.", 2)[0];
        if (step.equals("name")) {
          return true;
        }
        for (int g = 0; g < Math.min(visibleGroups, stepGroups.size()); g++) {
          if (stepGroups.get(g).contains(step)) {
            return true;
          }
        }
        return false;
      }
      if (tag.startsWith("tasks.")) {
        String task = tag.substring("tasks.".length()).split("\\.", 2)[0];
        return task.equals("name") || tasks.contains(task);
      }
      return true;
    }

    private static String stripLast(String tag) {
      int dot = tag.lastIndexOf('.');
      return dot < 0 ? tag : tag.substring(0, dot);
    }

    private <T> void names(
        List<T> items, java.util.function.Function<T, String> name, String path, String what) {
      if (items == null) {
        return;
      }
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < items.size(); i++) {
        String n = items.get(i) == null ? null : name.apply(items.get(i));
        if (n == null || n.isEmpty()) {
          problems.add(
              new Problem(path + "[" + i + "].name", what + "[" + i + "].name is required"));
        } else if (!seen.add(n)) {
          problems.add(
              new Problem(
                  path + "[" + i + "].name", what + "[" + i + "].name '" + n + "' is not unique"));
        }
      }
    }
  }

  private static <T> void addNames(
      Set<String> scope,
      String prefix,
      List<T> items,
      java.util.function.Function<T, String> name) {
    if (items == null || items.isEmpty()) {
      return;
    }
    scope.add(prefix);
    for (T item : items) {
      if (item != null && name.apply(item) != null) {
        scope.add(prefix + "." + name.apply(item));
      }
    }
  }

  private static void addIf(List<String> types, Object value, String type) {
    if (value != null) {
      types.add(type);
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  /** A name that is itself a variable is resolved at run time. */
  private static boolean dynamic(String name) {
    return name.contains("{{");
  }

  /** The task names a {@code depends} expression refers to. */
  static List<String> dependsNames(String depends) {
    List<String> names = new ArrayList<>();
    Matcher m = DEPENDS_NAME.matcher(depends);
    while (m.find()) {
      String n = m.group(1);
      if (!names.contains(n)) {
        names.add(n);
      }
    }
    return names;
  }
}
