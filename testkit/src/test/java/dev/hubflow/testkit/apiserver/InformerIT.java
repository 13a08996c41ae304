package dev.hubflow.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.model.v1alpha1.Workflow;
import dev.hubflow.model.v1alpha1.WorkflowList;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import dev.hubflow.model.v1alpha1.WorkflowStatus;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Pod;
import io.kubernetes.client.openapi.models.V1PodList;
import io.kubernetes.client.util.generic.GenericKubernetesApi;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** client-java's informers against the emulator, over HTTP and HTTPS. */
class InformerIT {
  private ApiServer server;
  private SharedInformerFactory factory;

  @AfterEach
  void stop() {
    if (factory != null) {
      factory.stopAllRegisteredInformers();
    }
    if (server != null) {
      server.close();
    }
  }

  private static JsonObject json(String text) {
    return JsonParser.parseString(text.replace('\'', '"')).getAsJsonObject();
  }

  private static final class Events<T extends io.kubernetes.client.common.KubernetesObject>
      implements ResourceEventHandler<T> {
    final List<String> seen = new CopyOnWriteArrayList<>();
    private final java.util.function.Function<T, String> name;

    Events(java.util.function.Function<T, String> name) {
      this.name = name;
    }

    @Override
    public void onAdd(T obj) {
      seen.add("add " + name.apply(obj));
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      seen.add("update " + name.apply(newObj));
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      seen.add("delete " + name.apply(obj));
    }
  }

  private void start(boolean https) {
    server =
        ApiServer.builder(https ? "informers-tls" : "informers")
            .https(https)
            .bookmarkInterval(Duration.ofMillis(200))
            .start();
    ApiClient client = server.apiClient();
    factory = new SharedInformerFactory(client);
  }

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void podInformerSeesAddUpdateDeleteAndSurvivesDroppedWatchesAnd410(boolean https) {
    start(https);
    GenericKubernetesApi<V1Pod, V1PodList> pods =
        new GenericKubernetesApi<>(
            V1Pod.class, V1PodList.class, "", "v1", "pods", server.apiClient());
    SharedIndexInformer<V1Pod> informer = factory.sharedIndexInformerFor(pods, V1Pod.class, 0);
    Events<V1Pod> events = new Events<>(p -> p.getMetadata().getName());
    informer.addEventHandler(events);
    server.store().create(BuiltinTypes.PODS, "default", pod("before"));
    factory.startAllRegisteredInformers();
    await().until(informer::hasSynced);
    await().until(() -> events.seen.contains("add before"));

    server.store().create(BuiltinTypes.PODS, "default", pod("p1"));
    server
        .store()
        .mergePatchStatus(
            BuiltinTypes.PODS, "default", "p1", json("{'status':{'phase':'Running'}}"));
    server.store().delete(BuiltinTypes.PODS, "default", "p1");
    await().until(() -> events.seen.containsAll(List.of("add p1", "update p1", "delete p1")));

    long watches = server.counters().count("watch", "pods");
    server.faults().dropWatches();
    server.store().create(BuiltinTypes.PODS, "default", pod("after-drop"));
    await().until(() -> events.seen.contains("add after-drop"));
    await().until(() -> server.counters().count("watch", "pods") > watches);

    long lists = server.counters().count("list", "pods");
    server.store().create(BuiltinTypes.PODS, "default", pod("gap"));
    server.store().compact();
    server.faults().goneOnNextWatch().dropWatches();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> server.counters().count("list", "pods") > lists);
    server.store().create(BuiltinTypes.PODS, "default", pod("after-410"));
    await().until(() -> events.seen.contains("add after-410"));
    assertThat(informer.getIndexer().list())
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder("before", "after-drop", "gap", "after-410");
  }

  @ParameterizedTest(name = "https={0}")
  @ValueSource(booleans = {false, true})
  void workflowInformerThroughGenericApiWithTheArgoModel(boolean https) {
    start(https);
    GenericKubernetesApi<Workflow, WorkflowList> workflows =
        new GenericKubernetesApi<>(
            Workflow.class,
            WorkflowList.class,
            "argoproj.io",
            "v1alpha1",
            "workflows",
            server.apiClient());
    SharedIndexInformer<Workflow> informer =
        factory.sharedIndexInformerFor(workflows, Workflow.class, 0);
    Events<Workflow> events = new Events<>(o -> o.getMetadata().getName());
    informer.addEventHandler(events);
    factory.startAllRegisteredInformers();
    await().until(informer::hasSynced);

    Workflow wf =
        new Workflow()
            .apiVersion("argoproj.io/v1alpha1")
            .kind("Workflow")
            .metadata(new V1ObjectMeta().name("w1").namespace("default"))
            .spec(new WorkflowSpec().entrypoint("main"));
    KubernetesApiResponse<Workflow> created = workflows.create(wf);
    assertThat(created.isSuccess()).as(String.valueOf(created.getStatus())).isTrue();
    await().until(() -> events.seen.contains("add w1"));

    Workflow stale = created.getObject();
    Workflow current = workflows.get("default", "w1").getObject();
    current.setStatus(new WorkflowStatus().phase("Running"));
    assertThat(workflows.update(current).isSuccess()).isTrue();
    await().until(() -> events.seen.contains("update w1"));
    assertThat(informer.getIndexer().getByKey("default/w1").getStatus().getPhase())
        .isEqualTo("Running");

    stale.setStatus(new WorkflowStatus().phase("Failed"));
    KubernetesApiResponse<Workflow> conflict = workflows.update(stale);
    assertThat(conflict.getHttpStatusCode()).isEqualTo(409);
    assertThat(conflict.getStatus().getReason()).isEqualTo("Conflict");

    assertThat(workflows.delete("default", "w1").isSuccess()).isTrue();
    await().until(() -> events.seen.contains("delete w1"));
  }

  private static JsonObject pod(String name) {
    return json(
        "{'metadata':{'name':'"
            + name
            + "'},'spec':{'containers':[{'name':'main','image':'busybox:1'}]}}");
  }
}
