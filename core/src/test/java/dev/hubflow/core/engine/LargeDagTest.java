package dev.hubflow.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.model.Codec;
import org.junit.jupiter.api.Test;

class LargeDagTest {
  @Test
  void builtStatusIsTheOneTheEngineEndsTheDagWith() {
    FakeCluster c = new FakeCluster().submit(LargeDag.yaml(4, 5)).run();

    assertThat(c.phase()).isEqualTo("Succeeded");
    assertThat(Codec.toTree(LargeDag.finished(4, 5).getStatus()))
        .isEqualTo(Codec.toTree(c.workflow.getStatus()));
  }
}
