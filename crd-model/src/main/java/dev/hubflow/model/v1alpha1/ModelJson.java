package dev.hubflow.model.v1alpha1;

import com.google.gson.Gson;
import io.kubernetes.client.openapi.JSON;

/**
 * The one Gson every hubflow module uses for the model: client-java's, so Kubernetes types (times,
 * quantities, int-or-string) are written exactly as client-java writes them.
 */
public final class ModelJson {
  private static final JSON JSON = new JSON();

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
