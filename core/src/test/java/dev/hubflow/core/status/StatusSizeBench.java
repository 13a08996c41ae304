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
    Packed.Fits fits = null;
    long cold = Long.MAX_VALUE;
    long warm = Long.MAX_VALUE;
    long unpack = Long.MAX_VALUE;
    long read = Long.MAX_VALUE;
    for (int i = 0; i < rounds; i++) {
      // A fresh instance packs from scratch; the same one again finds the nodes unchanged.
      NodeStatusPacking packing =
          new NodeStatusPacking(NodeStatusPacking.DEFAULT_MAX_WORKFLOW_SIZE);
      Workflow same = Codec.copy(wf);
      long t0 = System.nanoTime();
      Packed packed = packing.pack(wf);
      long t1 = System.nanoTime();
      if (!(packed instanceof Packed.Fits f)) {
        System.out.println("does not fit: " + ((Packed.TooLarge) packed).message());
        return;
      }
      fits = f;
      packing.pack(same);
      long t2 = System.nanoTime();
      NodeStatusPacking.unpack(f.workflow());
      long t3 = System.nanoTime();
      packing.read(f.workflow());
      long t4 = System.nanoTime();
      cold = Math.min(cold, t1 - t0);
      warm = Math.min(warm, t2 - t1);
      unpack = Math.min(unpack, t3 - t2);
      read = Math.min(read, t4 - t3);
    }
    row(
        "stored by hubflow (limit " + NodeStatusPacking.DEFAULT_MAX_WORKFLOW_SIZE + ")",
        fits.size());
    System.out.printf(
        "ms, best of %d: pack %d, pack unchanged nodes %d, unpack %d,"
            + " read back own write %d%n",
        rounds, cold / 1_000_000, warm / 1_000_000, unpack / 1_000_000, read / 1_000_000);
  }

  private static void row(String what, long bytes) {
    System.out.printf("%-58s %,12d bytes%n", what, bytes);
  }
}
