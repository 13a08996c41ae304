package dev.hubflow.model.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.model.Codec;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1ResourceRequirements;
import org.junit.jupiter.api.Test;

class QuantityTextTest {
  @Test
  void aQuantityReadFromAManifestIsWrittenAsItWasWritten() {
    V1ResourceRequirements r =
        Codec.read("requests: {memory: 1024Mi, cpu: '0.5'}\n", V1ResourceRequirements.class);

    assertThat(Codec.toJson(r)).isEqualTo("{\"requests\":{\"memory\":\"1024Mi\",\"cpu\":\"0.5\"}}");
    assertThat(Codec.toJson(Codec.copy(r))).contains("1024Mi", "\"0.5\"");
  }

  @Test
  void readQuantitiesStayPlainQuantitiesThatCompareByValue() {
    V1ResourceRequirements r =
        Codec.read("requests: {memory: 1024Mi}\n", V1ResourceRequirements.class);

    Quantity memory = r.getRequests().get("memory");
    assertThat(memory.getClass()).isEqualTo(Quantity.class);
    assertThat(memory).isEqualTo(Quantity.fromString("1Gi"));
  }

  @Test
  void aQuantityBuiltInCodeIsWrittenInCanonicalForm() {
    V1ResourceRequirements r =
        new V1ResourceRequirements().putRequestsItem("memory", Quantity.fromString("1024Mi"));

    assertThat(Codec.toJson(r)).isEqualTo("{\"requests\":{\"memory\":\"1Gi\"}}");
  }

  @Test
  void aQuantityWrittenAsANumberStaysANumber() {
    V1ResourceRequirements r =
        Codec.read("limits: {cpu: 1, memory: 0.5}\n", V1ResourceRequirements.class);

    assertThat(r.getLimits().get("cpu")).isEqualTo(Quantity.fromString("1"));
    assertThat(Codec.toJson(r)).isEqualTo("{\"limits\":{\"cpu\":1,\"memory\":0.5}}");
  }
}
