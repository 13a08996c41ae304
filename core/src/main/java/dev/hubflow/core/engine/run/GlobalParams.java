package dev.hubflow.core.engine.run;

import dev.hubflow.model.v1alpha1.Parameter;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Argo's {@code setGlobalParameters}: the {@code workflow.*} variables. */
final class GlobalParams {
  private GlobalParams() {}

  /** Throws {@link NodeException} when a workflow argument has no value. */
  static Map<String, String> of(Workflow wf, WorkflowSpec spec) {
    Map<String, String> g = new HashMap<>();
    var meta = wf.getMetadata();
    g.put("workflow.name", meta.getName());
    g.put("workflow.namespace", meta.getNamespace() == null ? "" : meta.getNamespace());
    g.put("workflow.mainEntrypoint", spec.getEntrypoint() == null ? "" : spec.getEntrypoint());
    g.put(
        "workflow.serviceAccountName",
        spec.getServiceAccountName() == null ? "" : spec.getServiceAccountName());
    g.put("workflow.uid", meta.getUid() == null ? "" : meta.getUid());
    OffsetDateTime created =
        meta.getCreationTimestamp() == null
            ? OffsetDateTime.ofInstant(java.time.Instant.EPOCH, ZoneOffset.UTC)
            : meta.getCreationTimestamp().withOffsetSameInstant(ZoneOffset.UTC);
    String rfc3339 = created.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("+00:00", "Z");
    g.put("workflow.creationTimestamp", rfc3339);
    strftime(created).forEach((k, v) -> g.put("workflow.creationTimestamp." + k, v));
    g.put("workflow.creationTimestamp.s", String.valueOf(created.toEpochSecond()));
    g.put("workflow.creationTimestamp.RFC3339", rfc3339);
    if (spec.getPriority() != null) {
      g.put("workflow.priority", String.valueOf(spec.getPriority()));
    }
    var params =
        spec.getArguments() == null || spec.getArguments().getParameters() == null
            ? java.util.List.<Parameter>of()
            : spec.getArguments().getParameters();
    String json = dev.hubflow.core.engine.params.Json.marshal(params);
    g.put("workflow.parameters", json);
    g.put("workflow.parameters.json", json);
    for (Parameter p : params) {
      if (p.getValueFrom() != null && p.getValueFrom().getConfigMapKeyRef() != null) {
        if (p.getValueFrom().getDefault_() != null) {
          g.put("workflow.parameters." + p.getName(), p.getValueFrom().getDefault_());
          continue;
        }
        throw NodeException.other(
            "failed to set global parameter " + p.getName() + " from configmap: not supported yet");
      } else if (p.getValue() != null) {
        g.put("workflow.parameters." + p.getName(), p.getValue());
      } else {
        throw NodeException.other(
            "either value or valueFrom must be specified in order to set global parameter "
                + p.getName());
      }
    }
    if (wf.getStatus() != null
        && wf.getStatus().getOutputs() != null
        && wf.getStatus().getOutputs().getParameters() != null) {
      for (Parameter p : wf.getStatus().getOutputs().getParameters()) {
        if (p.getValue() != null) {
          g.put("workflow.outputs.parameters." + p.getName(), p.getValue());
        }
      }
    }
    Map<String, String> annotations =
        meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
    Map<String, String> labels = meta.getLabels() == null ? Map.of() : meta.getLabels();
    g.put(
        "workflow.annotations",
        dev.hubflow.core.engine.params.Json.marshal(new TreeMap<>(annotations)));
    g.put(
        "workflow.annotations.json",
        dev.hubflow.core.engine.params.Json.marshal(new TreeMap<>(annotations)));
    annotations.forEach((k, v) -> g.put("workflow.annotations." + k, v));
    g.put("workflow.labels", dev.hubflow.core.engine.params.Json.marshal(new TreeMap<>(labels)));
    g.put(
        "workflow.labels.json", dev.hubflow.core.engine.params.Json.marshal(new TreeMap<>(labels)));
    labels.forEach((k, v) -> g.put("workflow.labels." + k, v));
    if (spec.getWorkflowMetadata() != null) {
      if (spec.getWorkflowMetadata().getLabels() != null) {
        spec.getWorkflowMetadata().getLabels().forEach((k, v) -> g.put("workflow.labels." + k, v));
      }
      if (spec.getWorkflowMetadata().getAnnotations() != null) {
        spec.getWorkflowMetadata()
            .getAnnotations()
            .forEach((k, v) -> g.put("workflow.annotations." + k, v));
      }
    }
    return g;
  }

  // The strftime characters Argo offers as workflow.creationTimestamp.<c>.
  private static Map<String, String> strftime(OffsetDateTime t) {
    // A workflow's creation time never changes, so each reconcile would format the same ~30
    // fields again: remember the last one (a pure function of t, so sharing it is safe).
    Strftime last = lastStrftime;
    if (last != null && last.time().equals(t)) {
      return last.fields();
    }
    Map<String, String> fields = Map.copyOf(formatStrftime(t));
    lastStrftime = new Strftime(t, fields);
    return fields;
  }

  private record Strftime(OffsetDateTime time, Map<String, String> fields) {}

  private static volatile Strftime lastStrftime;

  private static Map<String, String> formatStrftime(OffsetDateTime t) {
    Map<String, String> m = new HashMap<>();
    m.put("A", t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
    m.put("a", t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
    m.put("B", t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
    m.put("b", t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
    m.put("h", t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
    m.put("C", String.format("%02d", t.getYear() / 100));
    m.put("d", String.format("%02d", t.getDayOfMonth()));
    m.put("e", String.format("%2d", t.getDayOfMonth()));
    m.put("D", t.format(DateTimeFormatter.ofPattern("MM/dd/yy")));
    m.put("F", t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd")));
    m.put("H", String.format("%02d", t.getHour()));
    int h12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
    m.put("I", String.format("%02d", h12));
    m.put("j", String.format("%03d", t.getDayOfYear()));
    m.put("k", String.format("%2d", t.getHour()));
    m.put("l", String.format("%2d", h12));
    m.put("M", String.format("%02d", t.getMinute()));
    m.put("m", String.format("%02d", t.getMonthValue()));
    m.put("n", "\n");
    m.put("p", t.getHour() < 12 ? "AM" : "PM");
    m.put("R", t.format(DateTimeFormatter.ofPattern("HH:mm")));
    m.put("r", t.format(DateTimeFormatter.ofPattern("hh:mm:ss")) + " " + m.get("p"));
    m.put("S", String.format("%02d", t.getSecond()));
    m.put("T", t.format(DateTimeFormatter.ofPattern("HH:mm:ss")));
    m.put("t", "\t");
    m.put("u", String.valueOf(t.getDayOfWeek().getValue()));
    m.put("w", String.valueOf(t.getDayOfWeek().getValue() % 7));
    m.put("Y", String.valueOf(t.getYear()));
    m.put("y", String.format("%02d", t.getYear() % 100));
    m.put("Z", "UTC");
    m.put("z", "+0000");
    return m;
  }
}
