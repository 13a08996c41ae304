package dev.hubflow.model.v1alpha1;

import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Times as Kubernetes and Argo write them: RFC 3339 in UTC, whole seconds without a fraction
 * ({@code 2024-01-01T00:00:00Z}); a fraction only when there is one. Reads any RFC 3339 offset
 * correctly (client-java's own adapter writes a fixed {@code .000000Z} and ignores offsets).
 */
final class TimeText extends TypeAdapter<OffsetDateTime> {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

  @Override
  public void write(JsonWriter out, OffsetDateTime value) throws IOException {
    if (value == null) {
      out.nullValue();
      return;
    }
    OffsetDateTime utc = value.withOffsetSameInstant(ZoneOffset.UTC);
    out.value(
        utc.getNano() == 0
            ? SECONDS.format(utc)
            : DateTimeFormatter.ISO_INSTANT.format(utc.toInstant()));
  }

  @Override
  public OffsetDateTime read(JsonReader in) throws IOException {
    if (in.peek() == JsonToken.NULL) {
      in.nextNull();
      return null;
    }
    String text = in.nextString();
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    } catch (DateTimeParseException e) {
      throw new JsonParseException("not an RFC 3339 time: '" + text + "'", e);
    }
  }
}
