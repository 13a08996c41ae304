package dev.hubflow.core.argo;

import java.nio.charset.StandardCharsets;

/**
 * The names Argo gives things, so pods and status written by hubflow are the ones Argo's tools (and
 * the real argoexec) expect.
 */
public final class ArgoNames {
  public static final String GROUP = "argoproj.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** Label on pods and task results: the workflow's name. */
  public static final String LABEL_WORKFLOW = "workflows.argoproj.io/workflow";

  /** Label on workflows and pods: {@code true} once done. */
  public static final String LABEL_COMPLETED = "workflows.argoproj.io/completed";

  /** Label on workflows: the phase. */
  public static final String LABEL_PHASE = "workflows.argoproj.io/phase";

  /** Label on pods that run an exit handler (a shutdown lets them finish). */
  public static final String LABEL_ON_EXIT = "workflows.argoproj.io/on-exit";

  /** Label on task results: the executor has reported all outputs. */
  public static final String LABEL_REPORT_OUTPUTS_COMPLETED =
      "workflows.argoproj.io/report-outputs-completed";

  public static final String ANNOTATION_NODE_NAME = "workflows.argoproj.io/node-name";
  public static final String ANNOTATION_NODE_ID = "workflows.argoproj.io/node-id";
  public static final String ANNOTATION_DEFAULT_CONTAINER =
      "kubectl.kubernetes.io/default-container";

  /** hubflow: the cluster a hub-submitted workflow runs its pods in. */
  public static final String ANNOTATION_CLUSTER = "workflows.hubflow.dev/cluster";

  /** hubflow: the namespace in that cluster (default: the workflow's own). */
  public static final String ANNOTATION_CLUSTER_NAMESPACE = "workflows.hubflow.dev/namespace";

  /**
   * hubflow: on pods a hub-submitted workflow runs in a spoke, the hub workflow's uid. There is no
   * ownerReference across clusters, so this label tells our pods from a same-named spoke
   * workflow's.
   */
  public static final String LABEL_HUB_WORKFLOW_UID = "workflows.hubflow.dev/hub-workflow-uid";

  // Resource names are at most 253 characters; Argo keeps room for "-" and a 10-digit hash.
  private static final int MAX_NAME = 253;
  private static final int HASH_ROOM = 11;

  private ArgoNames() {}

  /** Argo's node id: the workflow name for the root node, else {@code <wf>-<fnv32a(name)>}. */
  public static String nodeId(String workflowName, String nodeName) {
    if (workflowName.equals(nodeName)) {
      return workflowName;
    }
    return workflowName + "-" + fnv32a(nodeName);
  }

  /**
   * Argo's pod name (v2): the workflow name for the root node, else {@code
   * <wf>-<template>-<fnv32a(nodeName)>}, the prefix cut to fit Kubernetes' name limit.
   */
  public static String podName(String workflowName, String nodeName, String templateName) {
    if (workflowName.equals(nodeName)) {
      return workflowName;
    }
    String prefix = workflowName;
    if (templateName != null && !templateName.isEmpty()) {
      prefix = workflowName + "-" + templateName;
    }
    if (prefix.length() > MAX_NAME - HASH_ROOM) {
      prefix = prefix.substring(0, MAX_NAME - HASH_ROOM);
    }
    return prefix + "-" + fnv32a(nodeName);
  }

  /** FNV-1a, 32 bits, of the UTF-8 bytes, as an unsigned decimal (Go's {@code fnv.New32a}). */
  public static long fnv32a(String s) {
    int hash = 0x811c9dc5;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= (b & 0xff);
      hash *= 0x01000193;
    }
    return Integer.toUnsignedLong(hash);
  }
}
