package dev.hubflow.core.status;

import dev.hubflow.core.engine.LargeDag;
import dev.hubflow.core.status.NodeStatusPacking.Packed;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import java.util.zip.Deflater;

/**
 * Stored size of a large DAG's workflow, plain and packed several ways, and the time packing and
 * unpacking take: {@code java ... StatusSizeBench [levels=100] [width=200] [rounds=5]}.
 */
public final class StatusSizeBench {
  private StatusSizeBench() {}

  public static void main(String[] args) {
    int levels = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int width = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    Workflow wf = LargeDag.finished(levels, width);
    int nodes = wf.getStatus().getNodes().size();
    System.out.printf("DAG %d levels x %d: %d nodes%n", levels, width, nodes);
    row("workflow JSON, plain", LargeStatusPackingTest.bytes(wf));
    row("  status.nodes JSON", Codec.toJson(wf.getStatus().getNodes()).length());
    row(
        "  status.taskResultsCompletionStatus JSON",
        Codec.toJson(wf.getStatus().getTaskResultsCompletionStatus()).length());
    row("  spec JSON", Codec.toJson(wf.getSpec()).length());
    for (int level : new int[] {Deflater.BEST_SPEED, Deflater.DEFAULT_COMPRESSION, 9}) {
      String compressed = NodeStatusPacking.compress(wf.getStatus().getNodes(), level);
      Workflow argo = Codec.copy(wf);
      argo.getStatus().setNodes(null);
      argo.getStatus().setCompressedNodes(compressed);
      String name = level == Deflater.DEFAULT_COMPRESSION ? "6 (default)" : String.valueOf(level);
      row("gzip level " + name + ": compressedNodes", compressed.length());
      row("  workflow, every task-result entry kept (Argo)", LargeStatusPackingTest.bytes(argo));
      argo.getStatus().setTaskResultsCompletionStatus(null);
      row(
          "  workflow, finished nodes' entries dropped (hubflow)",
          LargeStatusPackingTest.bytes(argo));
    }
    NodeStatusPacking packing = new NodeStatusPacking(NodeStatusPacking.DEFAULT_MAX_WORKFLOW_SIZE);
    Packed.Fits fits = null;
    long packNanos = Long.MAX_VALUE;
    long unpackNanos = Long.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      long t0 = System.nanoTime();
      Packed packed = packing.pack(wf);
      long t1 = System.nanoTime();
      if (!(packed instanceof Packed.Fits f)) {
        System.out.println("does not fit: " + ((Packed.TooLarge) packed).message());
        return;
      }
      fits = f;
      NodeStatusPacking.unpack(f.workflow());
      long t2 = System.nanoTime();
      packNanos = Math.min(packNanos, t1 - t0);
      unpackNanos = Math.min(unpackNanos, t2 - t1);
    }
    row("stored by hubflow (limit " + packing.maxWorkflowSize() + ")", fits.size());
    System.out.printf(
        "pack %d ms, unpack %d ms (best of %d)%n",
        packNanos / 1_000_000, unpackNanos / 1_000_000, rounds);
  }

  private static void row(String what, long bytes) {
    System.out.printf("%-58s %,12d bytes%n", what, bytes);
  }
}
