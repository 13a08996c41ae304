package dev.hubflow.core.status;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import dev.hubflow.core.engine.status.Phase;
import dev.hubflow.model.v1alpha1.ModelJson;
import dev.hubflow.model.v1alpha1.NodeStatus;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * How a workflow's node status is stored in the cluster, the way Argo's packer stores it: a
 * workflow whose JSON would exceed the size limit keeps {@code status.nodes} as {@code
 * status.compressedNodes} (base64 of gzip of the nodes' JSON), which Argo's CLI, UI and controller
 * read. Everything that reads workflows from the cluster {@link #unpack unpacks} them, so the
 * engine and users always see plain {@code status.nodes}; the controller {@link #pack packs} just
 * before it computes its write.
 *
 * <p>Argo offloads a status that is too large even compressed to a database; hubflow has none, so
 * such a workflow fails with Argo's message for that case (its controller without a database does
 * the same).
 */
public final class NodeStatusPacking {
  /**
   * Argo's limit (1 MiB, its {@code MAX_WORKFLOW_SIZE}) less a margin for what the API server adds
   * to what we measure (managed fields, a longer resourceVersion), so the stored object stays
   * within 1 MiB.
   */
  public static final int DEFAULT_MAX_WORKFLOW_SIZE = 1024 * 1024 - 16 * 1024;

  /** The start of Argo's message for a workflow that does not fit even compressed. */
  public static final String TOO_LARGE = "workflow is longer than maximum allowed size.";

  /** Argo's message when node status was offloaded to a database it cannot reach. */
  public static final String OFFLOAD_NOT_SUPPORTED = "offload node status is not supported";

  private static final Type NODES = new TypeToken<LinkedHashMap<String, NodeStatus>>() {}.getType();
  private static final byte[] ZSTD_MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final List<Field> STATUS_FIELDS = fields(WorkflowStatus.class);

  /** How many workflows' last packed nodes are kept (each can be tens of MB at 20,000 nodes). */
  static final int REMEMBERED = 16;

  private final int maxWorkflowSize;

  // The nodes this instance last compressed for a workflow (by uid): reading back our own write,
  // or writing the same nodes again, then costs no gzip and no JSON parsing.
  private final Map<String, Compressed> recent =
      new LinkedHashMap<>(REMEMBERED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Compressed> eldest) {
          return size() > REMEMBERED;
        }
      };

  private record Compressed(String compressedNodes, Map<String, NodeStatus> nodes) {}

  // What this instance knows of a stored version's size (at most so many bytes), by uid.
  private final Map<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();

  private record Known(String resourceVersion, long bytes) {}

  /**
   * @param maxWorkflowSize the largest workflow, in bytes of its JSON, stored with plain {@code
   *     status.nodes}; larger ones are compressed, and fail when even that does not fit
   */
  public NodeStatusPacking(int maxWorkflowSize) {
    if (maxWorkflowSize < 1) {
      throw new IllegalArgumentException(
          "maxWorkflowSize must be positive, got " + maxWorkflowSize);
    }
    this.maxWorkflowSize = maxWorkflowSize;
  }

  public int maxWorkflowSize() {
    return maxWorkflowSize;
  }

  /** What {@link #pack} decided. */
  public sealed interface Packed {
    /**
     * The workflow to store, within the limit.
     *
     * @param workflow the given workflow itself when it fits as it is, else a copy whose status has
     *     {@code compressedNodes} instead of {@code nodes} (other parts are shared, not copied)
     * @param compressed whether {@code nodes} were compressed
     * @param size the JSON size of {@code workflow} in bytes
     */
    record Fits(Workflow workflow, boolean compressed, long size) implements Packed {}

    /**
     * Too large even compressed.
     *
     * @param message Argo's message for it, to fail the workflow with
     */
    record TooLarge(String message, long compressedSize) implements Packed {}
  }

  /**
   * The workflow as it should be stored. Argo's rule: plain {@code nodes} while the whole workflow
   * fits, else {@code compressedNodes}; a workflow that shrinks back under the limit goes back to
   * plain {@code nodes}. The given workflow is never changed.
   *
   * <p>Compressed workflows also drop {@code taskResultsCompletionStatus} entries that say {@code
   * true} for nodes that have finished: with 20,000 pods those entries alone take about 700 KB
   * outside the compressed nodes, and Argo reads a missing entry as complete, as hubflow's engine
   * does for a finished node.
   */
  public Packed pack(Workflow workflow) {
    WorkflowStatus status = workflow.getStatus();
    long plain = sizeAtMost(workflow, maxWorkflowSize);
    if (plain <= maxWorkflowSize) {
      return new Packed.Fits(workflow, false, plain);
    }
    if (status == null || status.getNodes() == null || status.getNodes().isEmpty()) {
      long size = sizeAtMost(workflow, Long.MAX_VALUE);
      return new Packed.TooLarge(tooLarge(size), size);
    }
    String uid = uid(workflow);
    Compressed last = remembered(uid);
    if (last != null && last.nodes().equals(status.getNodes())) {
      Workflow packed = compressed(workflow, last.compressedNodes());
      long size = sizeAtMost(packed, Long.MAX_VALUE);
      if (size <= maxWorkflowSize) {
        return new Packed.Fits(packed, true, size);
      }
    }
    // Argo's default level first (cheap); the best level only when that is not enough.
    long size = 0;
    for (int level : new int[] {Deflater.DEFAULT_COMPRESSION, Deflater.BEST_COMPRESSION}) {
      String compressedNodes = compress(status.getNodes(), level);
      Workflow packed = compressed(workflow, compressedNodes);
      size = sizeAtMost(packed, Long.MAX_VALUE);
      if (size <= maxWorkflowSize) {
        remember(uid, new Compressed(compressedNodes, status.getNodes()));
        return new Packed.Fits(packed, true, size);
      }
    }
    return new Packed.TooLarge(tooLarge(size), size);
  }

  /**
   * {@link #unpack}, reusing the nodes this instance last packed for the workflow when the stored
   * {@code compressedNodes} are the ones it wrote. The nodes may be shared: callers must not change
   * them (the engine copies what it changes).
   */
  public Workflow read(Workflow stored) {
    if (!packed(stored)) {
      return stored;
    }
    Compressed last = remembered(uid(stored));
    if (last != null && last.compressedNodes().equals(stored.getStatus().getCompressedNodes())) {
      WorkflowStatus expanded = copy(stored.getStatus());
      expanded.setNodes(last.nodes());
      expanded.setCompressedNodes(null);
      return withStatus(stored, expanded);
    }
    return unpack(stored);
  }

  /** Drop what is remembered for this workflow (it has finished or is gone). */
  /**
   * At most how large the stored workflow becomes with a merge patch of this length, if that is
   * within the limit: its own size (as {@link #written} said, else measured) plus the patch's
   * length, since a merge patch only adds, replaces or removes what it spells out. This spares
   * measuring the whole workflow on each write; empty when the bound is over the limit (then {@link
   * #pack} decides exactly).
   */
  public java.util.OptionalLong plainWithin(Workflow stored, int patchLength) {
    String uid = uid(stored);
    String version =
        stored.getMetadata() == null ? null : stored.getMetadata().getResourceVersion();
    Known k = uid == null ? null : known.get(uid);
    long base =
        k != null && version != null && version.equals(k.resourceVersion())
            ? k.bytes()
            : sizeAtMost(stored, maxWorkflowSize);
    long bound = base + patchLength;
    return bound <= maxWorkflowSize
        ? java.util.OptionalLong.of(bound)
        : java.util.OptionalLong.empty();
  }

  /** The workflow was stored with this version and at most this size in bytes. */
  public void written(Workflow workflow, String resourceVersion, long bytes) {
    String uid = uid(workflow);
    if (uid != null && resourceVersion != null) {
      known.put(uid, new Known(resourceVersion, bytes));
    }
  }

  public void forget(Workflow workflow) {
    String uid = uid(workflow);
    if (uid != null) {
      known.remove(uid);
      synchronized (recent) {
        recent.remove(uid);
      }
    }
  }

  private Compressed remembered(String uid) {
    if (uid == null) {
      return null;
    }
    synchronized (recent) {
      return recent.get(uid);
    }
  }

  private void remember(String uid, Compressed compressed) {
    if (uid != null) {
      synchronized (recent) {
        recent.put(uid, compressed);
      }
    }
  }

  private static String uid(Workflow workflow) {
    return workflow.getMetadata() == null ? null : workflow.getMetadata().getUid();
  }

  /** Whether the stored workflow's nodes are not in {@code status.nodes}. */
  public static boolean packed(Workflow stored) {
    WorkflowStatus status = stored.getStatus();
    return status != null
        && (status.getNodes() == null || status.getNodes().isEmpty())
        && (notEmpty(status.getCompressedNodes())
            || notEmpty(status.getOffloadNodeStatusVersion()));
  }

  /**
   * The workflow with its nodes in {@code status.nodes}: the stored object itself when they are
   * there already, else a copy (sharing all but the status) with {@code compressedNodes} expanded.
   * Reads what Argo writes as well as what hubflow writes. Never changes the given object, which
   * may be an informer's.
   *
   * @throws UnreadableNodeStatusException when {@code compressedNodes} cannot be read, or the nodes
   *     were offloaded to Argo's database
   */
  public static Workflow unpack(Workflow stored) {
    if (!packed(stored)) {
      return stored;
    }
    WorkflowStatus status = stored.getStatus();
    if (!notEmpty(status.getCompressedNodes())) {
      throw new UnreadableNodeStatusException(OFFLOAD_NOT_SUPPORTED);
    }
    WorkflowStatus expanded = copy(status);
    expanded.setNodes(decompress(status.getCompressedNodes()));
    expanded.setCompressedNodes(null);
    return withStatus(stored, expanded);
  }

  /**
   * {@link #unpack} for readers that show workflows: one whose nodes cannot be read comes back as
   * stored (without nodes) instead of failing the reader; the controller fails such a workflow with
   * the reason in its message.
   */
  public static Workflow unpackIfReadable(Workflow stored) {
    try {
      return unpack(stored);
    } catch (UnreadableNodeStatusException e) {
      return stored;
    }
  }

  /** Argo's {@code compressedNodes} encoding of these nodes: base64 of gzip of their JSON. */
  public static String compress(Map<String, NodeStatus> nodes) {
    return compress(nodes, Deflater.DEFAULT_COMPRESSION);
  }

  static String compress(Map<String, NodeStatus> nodes, int level) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
    try (OutputStream base64 = Base64.getEncoder().wrap(bytes);
        GZIPOutputStream gzip = new LevelledGzip(base64, level);
        Writer json = new OutputStreamWriter(gzip, StandardCharsets.UTF_8)) {
      gson().toJson(nodes, NODES, json);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in-memory streams do not fail
    }
    return bytes.toString(StandardCharsets.ISO_8859_1);
  }

  static Map<String, NodeStatus> decompress(String compressedNodes) {
    byte[] data;
    try {
      data = Base64.getDecoder().decode(compressedNodes.strip());
    } catch (IllegalArgumentException e) {
      throw new UnreadableNodeStatusException(
          "status.compressedNodes is not valid base64: " + e.getMessage(), e);
    }
    if (startsWith(data, ZSTD_MAGIC)) {
      throw new UnreadableNodeStatusException(
          "status.compressedNodes is zstd-compressed (Argo's WORKFLOW_COMPRESSION_ALGORITHM=zstd);"
              + " hubflow reads gzip, Argo's default");
    }
    try (Reader json =
        new InputStreamReader(
            new GZIPInputStream(new ByteArrayInputStream(data)), StandardCharsets.UTF_8)) {
      Map<String, NodeStatus> nodes = gson().fromJson(json, NODES);
      if (nodes == null) {
        throw new UnreadableNodeStatusException("status.compressedNodes holds no nodes");
      }
      return nodes;
    } catch (ZipException e) {
      throw new UnreadableNodeStatusException(
          "status.compressedNodes is not gzip data (Argo's brotli compression is not supported): "
              + e.getMessage(),
          e);
    } catch (IOException | JsonParseException e) {
      throw new UnreadableNodeStatusException(
          "status.compressedNodes cannot be read: " + e.getMessage(), e);
    }
  }

  private Workflow compressed(Workflow workflow, String compressedNodes) {
    WorkflowStatus status = copy(workflow.getStatus());
    status.setNodes(null);
    status.setCompressedNodes(compressedNodes);
    status.setTaskResultsCompletionStatus(
        unsettled(status.getTaskResultsCompletionStatus(), workflow.getStatus().getNodes()));
    return withStatus(workflow, status);
  }

  // The entries a reader still needs: results not yet in, or of nodes still running.
  private static Map<String, Boolean> unsettled(
      Map<String, Boolean> completion, Map<String, NodeStatus> nodes) {
    if (completion == null) {
      return null;
    }
    Map<String, Boolean> kept = new LinkedHashMap<>();
    completion.forEach(
        (id, done) -> {
          NodeStatus node = nodes.get(id);
          if (!Boolean.TRUE.equals(done) || node == null || !Phase.fulfilled(node.getPhase())) {
            kept.put(id, done);
          }
        });
    return kept.isEmpty() ? null : kept;
  }

  private String tooLarge(long size) {
    // Argo's text, run together as Argo's hydrator runs it together when it cannot offload.
    return TOO_LARGE
        + " compressed size "
        + size
        + " > maxSize "
        + maxWorkflowSize
        + "Tried to offload but encountered error: "
        + OFFLOAD_NOT_SUPPORTED;
  }

  /** The UTF-8 size of the workflow's JSON, or a number above {@code limit} once past it. */
  static long sizeAtMost(Workflow workflow, long limit) {
    ByteCounter counter = new ByteCounter(limit);
    try {
      gson().toJson(workflow, Workflow.class, counter);
    } catch (ByteCounter.PastLimit e) {
      // Stopped early: serialising a 10 MB status only to learn it is over 1 MB is waste.
    }
    return counter.bytes;
  }

  private static Workflow withStatus(Workflow workflow, WorkflowStatus status) {
    return new Workflow()
        .apiVersion(workflow.getApiVersion())
        .kind(workflow.getKind())
        .metadata(workflow.getMetadata())
        .spec(workflow.getSpec())
        .status(status);
  }

  // A shallow copy: every field of the generated model, so none is forgotten when it grows.
  private static WorkflowStatus copy(WorkflowStatus status) {
    WorkflowStatus copy = new WorkflowStatus();
    try {
      for (Field f : STATUS_FIELDS) {
        f.set(copy, f.get(status));
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
    return copy;
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field f : type.getDeclaredFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        f.setAccessible(true);
        fields.add(f);
      }
    }
    return List.copyOf(fields);
  }

  private static Gson gson() {
    return ModelJson.gson();
  }

  private static boolean notEmpty(String s) {
    return s != null && !s.isEmpty();
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    if (data.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static final class LevelledGzip extends GZIPOutputStream {
    LevelledGzip(OutputStream out, int level) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(level);
    }
  }

  /** Counts the UTF-8 bytes written; stops the writer once past the limit. */
  private static final class ByteCounter extends Writer {
    private final long limit;
    long bytes;

    ByteCounter(long limit) {
      this.limit = limit;
    }

    @Override
    public void write(char[] chars, int off, int len) {
      for (int i = off; i < off + len; i++) {
        count(chars[i]);
      }
      check();
    }

    @Override
    public void write(String s, int off, int len) {
      for (int i = off; i < off + len; i++) {
        count(s.charAt(i));
      }
      check();
    }

    @Override
    public void write(int c) {
      count((char) c);
      check();
    }

    private void count(char c) {
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800 || Character.isSurrogate(c)) {
        bytes += 2; // a surrogate pair is 4 bytes: 2 for each half
      } else {
        bytes += 3;
      }
    }

    private void check() {
      if (bytes > limit) {
        throw PastLimit.INSTANCE;
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** Thrown to stop serialising; carries no stack trace. */
    static final class PastLimit extends RuntimeException {
      static final PastLimit INSTANCE = new PastLimit();

      private PastLimit() {
        super(null, null, false, false);
      }
    }
  }
}
