package dev.hubflow.core.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ResourceVersionTest {

  @Test
  void isReadFromTheMetadataWhateverComesBeforeOrAfter() throws Exception {
    String json =
        "{\"apiVersion\":\"argoproj.io/v1alpha1\",\"spec\":{\"metadata\":{\"resourceVersion\":\"x\"}},"
            + "\"metadata\":{\"name\":\"wf\",\"labels\":{\"resourceVersion\":\"y\"},"
            + "\"resourceVersion\":\"1234\",\"uid\":\"u\"},\"status\":{\"nodes\":{}}}";
    assertThat(KubernetesCluster.resourceVersion(new StringReader(json))).isEqualTo("1234");
  }

  @Test
  void isNullWhenAbsent() throws Exception {
    assertThat(KubernetesCluster.resourceVersion(new StringReader("{\"metadata\":{}}"))).isNull();
    assertThat(KubernetesCluster.resourceVersion(new StringReader("{\"kind\":\"Status\"}")))
        .isNull();
  }
}
