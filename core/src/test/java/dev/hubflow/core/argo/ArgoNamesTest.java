package dev.hubflow.core.argo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArgoNamesTest {

  @Test
  void fnv32aMatchesTheReferenceVectors() {
    // Published FNV-1a 32-bit test vectors.
    assertThat(ArgoNames.fnv32a("")).isEqualTo(0x811c9dc5L);
    assertThat(ArgoNames.fnv32a("a")).isEqualTo(0xe40c292cL);
    assertThat(ArgoNames.fnv32a("foobar")).isEqualTo(0xbf9cf968L);
  }

  @Test
  void rootNodeIsNamedAfterTheWorkflow() {
    assertThat(ArgoNames.nodeId("hello", "hello")).isEqualTo("hello");
    assertThat(ArgoNames.podName("hello", "hello", "main")).isEqualTo("hello");
  }

  @Test
  void childNodesHashTheirNodeName() {
    long hash = ArgoNames.fnv32a("steps[0].a");
    assertThat(ArgoNames.nodeId("wf", "steps[0].a")).isEqualTo("wf-" + hash);
    assertThat(ArgoNames.podName("wf", "steps[0].a", "print")).isEqualTo("wf-print-" + hash);
  }

  @Test
  void longPodNamePrefixesAreCutToFitTheNameLimit() {
    String name = ArgoNames.podName("w".repeat(300), "n", "t");
    assertThat(name).hasSizeLessThanOrEqualTo(253);
    assertThat(name).endsWith("-" + ArgoNames.fnv32a("n"));
  }
}
