package dev.hubflow.core.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.core.status.NodeStatusPacking.Packed;
import dev.hubflow.model.Codec;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Outputs;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class NodeStatusPackingTest {
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  /**
   * A DAG workflow with {@code pods} finished pod nodes under its root, as the engine writes it.
   */
  static Workflow dag(int pods) {
    Map<String, NodeStatus> nodes = new LinkedHashMap<>();
    Map<String, Boolean> results = new LinkedHashMap<>();
    NodeStatus root =
        new NodeStatus()
            .id("big")
            .name("big")
            .displayName("big")
            .type("DAG")
            .templateName("main")
            .phase("Running")
            .startedAt(T0)
            .progress(pods + "/" + pods);
    nodes.put("big", root);
    for (int i = 0; i < pods; i++) {
      String id = "big-" + (1_000_000_000L + i * 7_919L);
      root.addChildrenItem(id);
      nodes.put(
          id,
          new NodeStatus()
              .id(id)
              .name("big.t" + i)
              .displayName("t" + i)
              .type("Pod")
              .templateName("work")
              .boundaryID("big")
              .phase("Succeeded")
              .startedAt(T0.plusSeconds(i))
              .finishedAt(T0.plusSeconds(i + 1))
              .progress("1/1")
              .outputs(new Outputs().exitCode("0")));
      results.put(id, true);
    }
    return new Workflow()
        .apiVersion("argoproj.io/v1alpha1")
        .kind("Workflow")
        .metadata(new V1ObjectMeta().namespace("argo").name("big").resourceVersion("7"))
        .status(
            new WorkflowStatus()
                .phase("Running")
                .startedAt(T0)
                .nodes(nodes)
                .taskResultsCompletionStatus(results));
  }

  private static long size(Workflow wf) {
    return Codec.toJson(wf).getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void workflowWithinTheLimitIsStoredAsItIs() {
    Workflow wf = dag(10);
    Packed packed = new NodeStatusPacking(1024 * 1024).pack(wf);

    assertThat(packed).isInstanceOf(Packed.Fits.class);
    Packed.Fits fits = (Packed.Fits) packed;
    assertThat(fits.workflow()).isSameAs(wf);
    assertThat(fits.compressed()).isFalse();
    assertThat(fits.size()).isEqualTo(size(wf));
  }

  @Test
  void limitIsTheSizeOfTheWholeWorkflowsJson() {
    Workflow wf = dag(50);
    long size = size(wf);

    assertThat(((Packed.Fits) new NodeStatusPacking((int) size).pack(wf)).compressed()).isFalse();
    Packed.Fits over = (Packed.Fits) new NodeStatusPacking((int) size - 1).pack(wf);
    assertThat(over.compressed()).isTrue();
    assertThat(over.workflow().getStatus().getNodes()).isNull();
    assertThat(over.workflow().getStatus().getCompressedNodes()).isNotEmpty();
    assertThat(over.size()).isEqualTo(size(over.workflow())).isLessThan(size);
  }

  @Test
  void aPatchOnAKnownVersionIsBoundedWithoutMeasuring() {
    Workflow wf = dag(50);
    wf.getMetadata().uid("u-1");
    long size = size(wf);
    NodeStatusPacking packing = new NodeStatusPacking((int) size + 100);

    // Not known yet: the stored version is measured.
    assertThat(packing.plainWithin(wf, 100)).hasValue(size + 100);
    assertThat(packing.plainWithin(wf, 101)).isEmpty();
    // Known as written (with a bound larger than its real size): the bound is what counts.
    packing.written(wf, "7", size + 50);
    assertThat(packing.plainWithin(wf, 50)).hasValue(size + 100);
    assertThat(packing.plainWithin(wf, 51)).isEmpty();
    // Another version of it is measured again; a forgotten workflow too.
    wf.getMetadata().resourceVersion("8");
    assertThat(packing.plainWithin(wf, 51)).hasValue(size + 51);
    wf.getMetadata().resourceVersion("7");
    packing.forget(wf);
    assertThat(packing.plainWithin(wf, 51)).hasValue(size + 51);
  }

  @Test
  void compressedNodesUnpackToTheSameNodesInTheSameOrder() {
    Workflow wf = dag(500);
    String before = Codec.toJson(wf);

    Packed.Fits fits = (Packed.Fits) new NodeStatusPacking(20_000).pack(wf);
    Workflow unpacked = NodeStatusPacking.unpack(fits.workflow());

    assertThat(fits.compressed()).isTrue();
    assertThat(Codec.toJson(wf)).as("pack leaves its input alone").isEqualTo(before);
    assertThat(unpacked.getStatus().getCompressedNodes()).isNull();
    assertThat(Codec.toTree(unpacked.getStatus().getNodes()))
        .isEqualTo(Codec.toTree(wf.getStatus().getNodes()));
    assertThat(List.copyOf(unpacked.getStatus().getNodes().keySet()))
        .containsExactlyElementsOf(wf.getStatus().getNodes().keySet());
    assertThat(unpacked.getStatus().getPhase()).isEqualTo("Running");
    assertThat(unpacked.getMetadata().getResourceVersion()).isEqualTo("7");
  }

  @Test
  void compressedNodesAreArgosEncodingGzipOfTheNodesJsonInBase64() throws IOException {
    Workflow wf = dag(200);
    Packed.Fits fits = (Packed.Fits) new NodeStatusPacking(10_000).pack(wf);

    byte[] gzip = Base64.getDecoder().decode(fits.workflow().getStatus().getCompressedNodes());
    String json =
        new String(
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(json).isEqualTo(Codec.toJson(wf.getStatus().getNodes()));
  }

  @Test
  void unpackReadsCompressedNodesWrittenByArgo() throws IOException {
    // As Go's encoding/json writes Argo's nodes: struct field order, null for unset times,
    // fields hubflow does not model ignored; gzip at another level than ours.
    String argoJson =
        """
        {"hello":{"id":"hello","name":"hello","displayName":"hello","type":"Steps",\
        "templateName":"main","templateScope":"local/hello","phase":"Running",\
        "startedAt":"2024-05-01T10:00:00Z","finishedAt":null,"progress":"0/1",\
        "children":["hello-3175470424"],"someFutureField":{"x":1}},\
        "hello-3175470424":{"id":"hello-3175470424","name":"hello[0]","displayName":"[0]",\
        "type":"StepGroup","templateScope":"local/hello","phase":"Running",\
        "boundaryID":"hello","startedAt":"2024-05-01T10:00:00Z","finishedAt":null,\
        "nodeFlag":{},"progress":"0/1"}}""";
    Workflow stored = dag(0);
    stored.getStatus().setNodes(null);
    stored.getStatus().setTaskResultsCompletionStatus(null);
    stored.getStatus().setCompressedNodes(argoEncoding(argoJson, Deflater.BEST_SPEED));

    Workflow wf = NodeStatusPacking.unpack(stored);

    assertThat(wf.getStatus().getNodes()).containsOnlyKeys("hello", "hello-3175470424");
    NodeStatus root = wf.getStatus().getNodes().get("hello");
    assertThat(root.getType()).isEqualTo("Steps");
    assertThat(root.getFinishedAt()).isNull();
    assertThat(root.getStartedAt().toInstant()).hasToString("2024-05-01T10:00:00Z");
    assertThat(root.getChildren()).containsExactly("hello-3175470424");
    assertThat(wf.getStatus().getNodes().get("hello-3175470424").getBoundaryID())
        .isEqualTo("hello");
    assertThat(stored.getStatus().getCompressedNodes()).as("stored object unchanged").isNotNull();
    assertThat(stored.getStatus().getNodes()).isNull();
  }

  @Test
  void plainWorkflowIsNotCopiedByUnpack() {
    Workflow wf = dag(3);
    assertThat(NodeStatusPacking.unpack(wf)).isSameAs(wf);
    Workflow noStatus = new Workflow().metadata(new V1ObjectMeta().name("x"));
    assertThat(NodeStatusPacking.unpack(noStatus)).isSameAs(noStatus);
  }

  @Test
  void tooLargeEvenCompressedIsReportedWithArgosMessage() {
    Workflow wf = dag(2_000);

    Packed packed = new NodeStatusPacking(1_000).pack(wf);

    assertThat(packed).isInstanceOf(Packed.TooLarge.class);
    Packed.TooLarge tooLarge = (Packed.TooLarge) packed;
    assertThat(tooLarge.message())
        .startsWith("workflow is longer than maximum allowed size. compressed size ")
        .contains("> maxSize 1000")
        .endsWith("Tried to offload but encountered error: offload node status is not supported");
    assertThat(tooLarge.compressedSize()).isGreaterThan(1_000);
  }

  @Test
  void bestCompressionIsTriedBeforeGivingUp() {
    Workflow wf = dag(3_000);
    Map<String, NodeStatus> nodes = wf.getStatus().getNodes();
    String usual = NodeStatusPacking.compress(nodes);
    String best = NodeStatusPacking.compress(nodes, Deflater.BEST_COMPRESSION);
    assertThat(best.length()).isLessThan(usual.length());
    Workflow withBest = Codec.copy(wf);
    withBest.getStatus().setNodes(null);
    withBest.getStatus().setTaskResultsCompletionStatus(null);
    withBest.getStatus().setCompressedNodes(best);

    Packed packed = new NodeStatusPacking((int) size(withBest)).pack(wf);

    assertThat(packed).isInstanceOf(Packed.Fits.class);
    assertThat(((Packed.Fits) packed).workflow().getStatus().getCompressedNodes()).isEqualTo(best);
  }

  @Test
  void compressedWorkflowDropsTaskResultEntriesOfFinishedNodesOnly() {
    Workflow wf = dag(300);
    NodeStatus running = wf.getStatus().getNodes().get("big-1000000000");
    running.setPhase("Running");
    running.setFinishedAt(null);
    wf.getStatus().getTaskResultsCompletionStatus().put("big-1000007919", false);
    wf.getStatus().getTaskResultsCompletionStatus().put("not-a-node", true);

    Workflow packed = ((Packed.Fits) new NodeStatusPacking(40_000).pack(wf)).workflow();

    assertThat(packed.getStatus().getTaskResultsCompletionStatus())
        .containsOnly(
            Map.entry("big-1000000000", true),
            Map.entry("big-1000007919", false),
            Map.entry("not-a-node", true));
    assertThat(wf.getStatus().getTaskResultsCompletionStatus()).hasSize(301);
    Workflow plain = ((Packed.Fits) new NodeStatusPacking(10_000_000).pack(wf)).workflow();
    assertThat(plain.getStatus().getTaskResultsCompletionStatus()).hasSize(301);
  }

  @Test
  void workflowWhoseSpecAloneIsTooLargeFails() {
    Workflow wf = dag(0);
    wf.getStatus().setNodes(null);
    wf.getMetadata().putAnnotationsItem("big", "x".repeat(5_000));

    Packed packed = new NodeStatusPacking(4_000).pack(wf);

    assertThat(packed).isInstanceOf(Packed.TooLarge.class);
    assertThat(((Packed.TooLarge) packed).compressedSize()).isEqualTo(size(wf));
  }

  @Test
  void sizeCountsUtf8BytesNotCharacters() {
    Workflow wf = dag(1);
    wf.getMetadata().putAnnotationsItem("note", "é€😀");
    assertThat(NodeStatusPacking.sizeAtMost(wf, Long.MAX_VALUE)).isEqualTo(size(wf));
  }

  @Test
  void damagedCompressedNodesAreReportedClearly() {
    assertThatThrownBy(() -> NodeStatusPacking.unpack(withCompressedNodes("not base64!")))
        .isInstanceOf(UnreadableNodeStatusException.class)
        .hasMessageStartingWith("status.compressedNodes is not valid base64");
    String notGzip = Base64.getEncoder().encodeToString("{\"a\":{}}".getBytes());
    assertThatThrownBy(() -> NodeStatusPacking.unpack(withCompressedNodes(notGzip)))
        .isInstanceOf(UnreadableNodeStatusException.class)
        .hasMessageStartingWith("status.compressedNodes is not gzip data");
    String zstd = Base64.getEncoder().encodeToString(new byte[] {0x28, (byte) 0xb5, 0x2f, -3, 0});
    assertThatThrownBy(() -> NodeStatusPacking.unpack(withCompressedNodes(zstd)))
        .isInstanceOf(UnreadableNodeStatusException.class)
        .hasMessageContaining("zstd");
    String truncated = NodeStatusPacking.compress(dag(50).getStatus().getNodes());
    assertThatThrownBy(
            () ->
                NodeStatusPacking.unpack(
                    withCompressedNodes(truncated.substring(0, truncated.length() / 2 / 4 * 4))))
        .isInstanceOf(UnreadableNodeStatusException.class)
        .hasMessageStartingWith("status.compressedNodes cannot be read");
    String notNodes = argoEncoding("[1,2]", Deflater.DEFAULT_COMPRESSION);
    assertThatThrownBy(() -> NodeStatusPacking.unpack(withCompressedNodes(notNodes)))
        .isInstanceOf(UnreadableNodeStatusException.class)
        .hasMessageStartingWith("status.compressedNodes cannot be read");
  }

  @Test
  void offloadedNodesCannotBeReadWithoutArgosDatabase() {
    Workflow wf = dag(0);
    wf.getStatus().setNodes(null);
    wf.getStatus().setOffloadNodeStatusVersion("fnv:123");

    assertThat(NodeStatusPacking.packed(wf)).isTrue();
    assertThatThrownBy(() -> NodeStatusPacking.unpack(wf))
        .isInstanceOf(UnreadableNodeStatusException.class)
        .hasMessage("offload node status is not supported");
  }

  @Test
  void readersGetTheStoredWorkflowWhenItsNodesCannotBeRead() {
    Workflow damaged = withCompressedNodes("###");
    assertThat(NodeStatusPacking.unpackIfReadable(damaged)).isSameAs(damaged);
    Workflow good = withCompressedNodes(NodeStatusPacking.compress(dag(2).getStatus().getNodes()));
    assertThat(NodeStatusPacking.unpackIfReadable(good).getStatus().getNodes()).hasSize(3);
  }

  @Test
  void readingBackItsOwnWriteReusesThePackedNodesInsteadOfDecompressing() {
    NodeStatusPacking packing = new NodeStatusPacking(20_000);
    Workflow wf = dag(500);
    wf.getMetadata().setUid("uid-1");
    Workflow stored = Codec.copy(((Packed.Fits) packing.pack(wf)).workflow());

    Workflow read = packing.read(stored);

    assertThat(read.getStatus().getNodes()).isSameAs(wf.getStatus().getNodes());
    assertThat(read.getStatus().getCompressedNodes()).isNull();
    assertThat(stored.getStatus().getCompressedNodes()).isNotNull();
    Workflow fromElsewhere = Codec.copy(stored);
    fromElsewhere
        .getStatus()
        .setCompressedNodes(NodeStatusPacking.compress(dag(3).getStatus().getNodes()));
    assertThat(packing.read(fromElsewhere).getStatus().getNodes()).hasSize(4);
    packing.forget(stored);
    assertThat(packing.read(stored).getStatus().getNodes())
        .isNotSameAs(wf.getStatus().getNodes())
        .isEqualTo(wf.getStatus().getNodes());
  }

  @Test
  void unchangedNodesAreNotCompressedAgain() {
    NodeStatusPacking packing = new NodeStatusPacking(20_000);
    Workflow wf = dag(500);
    wf.getMetadata().setUid("uid-1");
    String first = ((Packed.Fits) packing.pack(wf)).workflow().getStatus().getCompressedNodes();

    Workflow same = Codec.copy(wf);
    String again = ((Packed.Fits) packing.pack(same)).workflow().getStatus().getCompressedNodes();
    same.getStatus().getNodes().get("big").setPhase("Succeeded");
    String changed = ((Packed.Fits) packing.pack(same)).workflow().getStatus().getCompressedNodes();

    assertThat(again).isSameAs(first);
    assertThat(changed).isNotEqualTo(first);
    assertThat(NodeStatusPacking.decompress(changed).get("big").getPhase()).isEqualTo("Succeeded");
  }

  private static Workflow withCompressedNodes(String compressedNodes) {
    Workflow wf = dag(0);
    wf.getStatus().setNodes(null);
    wf.getStatus().setCompressedNodes(compressedNodes);
    return wf;
  }

  private static String argoEncoding(String json, int level) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(bytes) {
          {
            def.setLevel(level);
          }
        }) {
      gzip.write(json.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
