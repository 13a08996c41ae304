package dev.hubflow.model.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import dev.hubflow.model.Codec;
import io.kubernetes.client.common.KubernetesListObject;
import io.kubernetes.client.common.KubernetesObject;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import org.junit.jupiter.api.Test;

class HandWrittenKindsTest {
  @Test
  void workflowTaskSetHasArgosJsonShape() {
    String json =
        "{\"apiVersion\":\"argoproj.io/v1alpha1\",\"kind\":\"WorkflowTaskSet\","
            + "\"metadata\":{\"name\":\"wf\"},"
            + "\"spec\":{\"tasks\":{\"wf-123\":{\"name\":\"http\",\"http\":{\"url\":\"http://x\"}}}},"
            + "\"status\":{\"nodes\":{\"wf-123\":{\"phase\":\"Succeeded\","
            + "\"outputs\":{\"result\":\"ok\"}}}}}";

    WorkflowTaskSet set = Codec.read(json, WorkflowTaskSet.class);

    assertThat(set).isInstanceOf(KubernetesObject.class);
    assertThat(set.getSpec().getTasks().get("wf-123").getHttp().getUrl()).isEqualTo("http://x");
    assertThat(set.getStatus().getNodes().get("wf-123").getOutputs().getResult()).isEqualTo("ok");
    assertThat(Codec.toTree(set)).isEqualTo(JsonParser.parseString(json));
  }

  @Test
  void newWorkflowTaskSetCarriesItsKind() {
    WorkflowTaskSet set =
        new WorkflowTaskSet()
            .metadata(new V1ObjectMeta().name("wf"))
            .spec(new WorkflowTaskSetSpec().putTasksItem("n", new Template().name("t")));

    assertThat(Codec.toJson(set))
        .startsWith("{\"apiVersion\":\"argoproj.io/v1alpha1\",\"kind\":\"WorkflowTaskSet\"");
    assertThat(Codec.copy(set)).isEqualTo(set);
  }

  @Test
  void workflowArtifactGcTaskHasArgosJsonShape() {
    String json =
        "{\"apiVersion\":\"argoproj.io/v1alpha1\",\"kind\":\"WorkflowArtifactGCTask\","
            + "\"metadata\":{\"name\":\"wf-artgc-1\"},"
            + "\"spec\":{\"artifactsByNode\":{\"wf-1\":{"
            + "\"archiveLocation\":{\"archiveLogs\":true},"
            + "\"artifacts\":{\"out\":{\"name\":\"out\",\"s3\":{\"key\":\"k\"}}}}}},"
            + "\"status\":{\"artifactResultsByNode\":{\"wf-1\":{\"artifactResults\":{"
            + "\"out\":{\"name\":\"out\",\"success\":false,\"error\":\"denied\"}}}}}}";

    WorkflowArtifactGCTask task = Codec.read(json, WorkflowArtifactGCTask.class);

    ArtifactResult result =
        task.getStatus().getArtifactResultsByNode().get("wf-1").getArtifactResults().get("out");
    assertThat(result.getSuccess()).isFalse();
    assertThat(result.getError()).isEqualTo("denied");
    assertThat(
            task.getSpec()
                .getArtifactsByNode()
                .get("wf-1")
                .getArtifacts()
                .get("out")
                .getS3()
                .getKey())
        .isEqualTo("k");
    assertThat(Codec.toTree(task)).isEqualTo(JsonParser.parseString(json));
  }

  @Test
  void listsReadTheirItems() {
    WorkflowTaskSetList sets =
        Codec.read(
            "{\"kind\":\"WorkflowTaskSetList\",\"metadata\":{\"resourceVersion\":\"7\"},"
                + "\"items\":[{\"metadata\":{\"name\":\"a\"}}]}",
            WorkflowTaskSetList.class);
    WorkflowArtifactGCTaskList tasks =
        Codec.read(
            "{\"items\":[{\"metadata\":{\"name\":\"b\"}}]}", WorkflowArtifactGCTaskList.class);

    assertThat(sets).isInstanceOf(KubernetesListObject.class);
    assertThat(sets.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(sets.getItems()).extracting(s -> s.getMetadata().getName()).containsExactly("a");
    assertThat(tasks.getKind()).isEqualTo("WorkflowArtifactGCTaskList");
    assertThat(tasks.getItems()).extracting(t -> t.getMetadata().getName()).containsExactly("b");
  }
}
