package dev.hubflow.core.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.engine.LargeDag;
import dev.hubflow.core.status.NodeStatusPacking.Packed;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.Workflow;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The goal: a 20,000-node workflow is stored within Kubernetes' 1 MiB. */
class LargeStatusPackingTest {
  private static final int MIB = 1024 * 1024;

  @Test
  void twentyThousandNodeDagIsStoredWithinOneMiBAndReadBackWhole() {
    Workflow wf = LargeDag.finished(100, 200);
    assertThat(wf.getStatus().getNodes()).hasSize(20_101);

    Packed packed = new NodeStatusPacking(NodeStatusPacking.DEFAULT_MAX_WORKFLOW_SIZE).pack(wf);

    assertThat(packed).isInstanceOf(Packed.Fits.class);
    Packed.Fits fits = (Packed.Fits) packed;
    assertThat(fits.compressed()).isTrue();
    assertThat(fits.size()).isEqualTo(bytes(fits.workflow())).isLessThan(MIB);
    Workflow read = NodeStatusPacking.unpack(fits.workflow());
    assertThat(Codec.toTree(read.getStatus().getNodes()))
        .isEqualTo(Codec.toTree(wf.getStatus().getNodes()));
  }

  @Test
  void argosWayWithEveryTaskResultEntryKeptWouldNotFit() {
    Workflow wf = LargeDag.finished(100, 200);
    Workflow packed =
        ((Packed.Fits) new NodeStatusPacking(NodeStatusPacking.DEFAULT_MAX_WORKFLOW_SIZE).pack(wf))
            .workflow();

    Workflow argo = Codec.copy(packed);
    argo.getStatus()
        .setTaskResultsCompletionStatus(wf.getStatus().getTaskResultsCompletionStatus());

    assertThat(bytes(argo)).isGreaterThan(MIB);
  }

  static long bytes(Workflow wf) {
    return Codec.toJson(wf).getBytes(StandardCharsets.UTF_8).length;
  }
}
