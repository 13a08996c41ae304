package dev.hubflow.model.v1alpha1;

import com.google.gson.Gson;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;
import java.time.OffsetDateTime;

/**
 * The one Gson every hubflow module uses for the model: client-java's, so Kubernetes types are
 * written as client-java writes them, except that a quantity read from a manifest is written back
 * as it was written and times are written as Kubernetes writes them ({@code 2024-01-01T00:00:00Z}).
 */
public final class ModelJson {
  private static final JSON JSON = new JSON();

  static {
    JSON.setGson(
        JSON.getGson()
            .newBuilder()
            .registerTypeAdapter(Quantity.class, new QuantityText())
            .registerTypeAdapter(OffsetDateTime.class, new TimeText())
            .create());
  }

  private ModelJson() {}

  public static Gson gson() {
    return JSON.getGson();
  }

  public static JSON json() {
    return JSON;
  }

  public static String toJson(Object value) {
    return JSON.getGson().toJson(value);
  }
}
