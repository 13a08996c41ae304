package dev.hubflow.model.v1alpha1;

import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import io.kubernetes.client.custom.Quantity;
import java.io.IOException;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes a {@link Quantity} read from a manifest as it was written ({@code 1024Mi} stays {@code
 * 1024Mi}; client-java alone would write {@code 1Gi}). The text is remembered per Quantity object,
 * weakly, so the objects stay plain Quantities that compare as client-java's do; a Quantity built
 * in code is written in client-java's canonical form.
 */
final class QuantityText extends TypeAdapter<Quantity> {
  private static final String NUMBER = "#";

  private final Map<Key, String> written = new ConcurrentHashMap<>();
  private final ReferenceQueue<Quantity> collected = new ReferenceQueue<>();

  @Override
  public void write(JsonWriter out, Quantity value) throws IOException {
    if (value == null) {
      out.nullValue();
      return;
    }
    String text = written.get(new Key(value, null));
    if (text == null) {
      out.value(value.toSuffixedString());
    } else if (text.startsWith(NUMBER)) {
      out.value(new BigDecimal(text.substring(NUMBER.length()))); // a YAML number: cpu: 1
    } else {
      out.value(text);
    }
  }

  @Override
  public Quantity read(JsonReader in) throws IOException {
    if (in.peek() == JsonToken.NULL) {
      in.nextNull();
      return null;
    }
    boolean number = in.peek() == JsonToken.NUMBER;
    String text = in.nextString();
    Quantity value = Quantity.fromString(text);
    expunge();
    if (number) {
      written.put(new Key(value, collected), NUMBER + text);
    } else if (!text.equals(value.toSuffixedString())) {
      written.put(new Key(value, collected), text);
    }
    return value;
  }

  private void expunge() {
    for (Object gone = collected.poll(); gone != null; gone = collected.poll()) {
      written.remove(gone);
    }
  }

  /** Identity of a Quantity, held weakly. */
  private static final class Key extends WeakReference<Quantity> {
    private final int hash;

    Key(Quantity value, ReferenceQueue<Quantity> queue) {
      super(value, queue);
      this.hash = System.identityHashCode(value);
    }

    @Override
    public boolean equals(Object o) {
      if (this == o) {
        return true;
      }
      return o instanceof Key other && get() != null && get() == other.get();
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
