package dev.hubflow.model.v1alpha1;

import com.google.gson.Gson;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.JSON;

/**
 * The one Gson every hubflow module uses for the model: client-java's, so Kubernetes types (times,
 * quantities, int-or-string) are written exactly as client-java writes them, except that a quantity
 * read from a manifest is written back as it was written.
 */
public final class ModelJson {
  private static final JSON JSON = new JSON();

  static {
    JSON.setGson(
        JSON.getGson()
            .newBuilder()
            .registerTypeAdapter(Quantity.class, new QuantityText())
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
