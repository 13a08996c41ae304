package dev.hubflow.testkit.apiserver.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResourceStoreTest {
  private final ResourceStore store = new ResourceStore("test", Clock.systemUTC(), 1000);

  ResourceStoreTest() {
    store.installArgoCrds();
  }

  @AfterEach
  void close() {
    store.close();
  }

  static JsonObject json(String text) {
    return JsonParser.parseString(text.replace('\'', '"')).getAsJsonObject();
  }

  static JsonObject configMap(String name, String labels) {
    return json(
        "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'"
            + name
            + "','labels':"
            + labels
            + "},'data':{'a':'1'}}");
  }

  private static String rv(JsonObject o) {
    return Json.str(Json.meta(o), "resourceVersion");
  }

  @Test
  void createFillsIdentityAndGeneratesNames() {
    JsonObject o =
        store.create(
            BuiltinTypes.WORKFLOWS,
            "default",
            json("{'metadata':{'generateName':'hello-'},'spec':{'entrypoint':'main'}}"));
    JsonObject meta = Json.meta(o);
    assertThat(Json.str(meta, "name")).matches("hello-[a-z0-9]{5}");
    assertThat(Json.str(meta, "uid")).isNotEmpty();
    assertThat(Json.str(meta, "creationTimestamp")).endsWith("Z");
    assertThat(meta.get("generation").getAsLong()).isEqualTo(1);
    assertThat(Long.parseLong(rv(o))).isEqualTo(store.revision());
    assertThat(Json.str(o, "kind")).isEqualTo("Workflow");
  }

  @Test
  void createRejectsDuplicatesMissingNamespacesAndBadNames() {
    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
    assertThatThrownBy(() -> store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}")))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(409);
              assertThat(e.reason()).isEqualTo("AlreadyExists");
              assertThat(e.getMessage()).isEqualTo("configmaps \"a\" already exists");
            });
    assertThatThrownBy(() -> store.create(BuiltinTypes.CONFIGMAPS, "nope", configMap("a", "{}")))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> assertThat(e.getMessage()).isEqualTo("namespaces \"nope\" not found"));
    assertThatThrownBy(
            () -> store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("Bad_Name", "{}")))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(422));
  }

  @Test
  void updateWithStaleResourceVersionIsAConflict() {
    JsonObject created = store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
    JsonObject first = created.deepCopy();
    first.getAsJsonObject("data").addProperty("a", "2");
    store.update(BuiltinTypes.CONFIGMAPS, "default", first);
    JsonObject stale = created.deepCopy();
    stale.getAsJsonObject("data").addProperty("a", "3");
    assertThatThrownBy(() -> store.update(BuiltinTypes.CONFIGMAPS, "default", stale))
        .isInstanceOfSatisfying(
            StatusException.class,
            e -> {
              assertThat(e.code()).isEqualTo(409);
              assertThat(e.reason()).isEqualTo("Conflict");
              assertThat(e.getMessage()).contains("the object has been modified");
            });
  }

  @Test
  void noOpUpdateKeepsTheResourceVersion() {
    JsonObject created = store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
    JsonObject same = store.update(BuiltinTypes.CONFIGMAPS, "default", created);
    assertThat(rv(same)).isEqualTo(rv(created));
  }

  @Test
  void generationCountsSpecChangesOnly() {
    JsonObject wf =
        store.create(
            BuiltinTypes.WORKFLOWS, "default", json("{'metadata':{'name':'w'},'spec':{'a':1}}"));
    JsonObject labelled = wf.deepCopy();
    Json.metaForWrite(labelled).add("labels", json("{'x':'y'}"));
    wf = store.update(BuiltinTypes.WORKFLOWS, "default", labelled);
    assertThat(Json.meta(wf).get("generation").getAsLong()).isEqualTo(1);
    wf.getAsJsonObject("spec").addProperty("a", 2);
    wf = store.update(BuiltinTypes.WORKFLOWS, "default", wf);
    assertThat(Json.meta(wf).get("generation").getAsLong()).isEqualTo(2);
  }

  @Test
  void statusSubresourceSeparatesSpecFromStatus() {
    JsonObject pod =
        store.create(
            BuiltinTypes.PODS,
            "default",
            json(
                "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'main','image':'x:1'}]}}"));
    assertThat(Json.str(Json.obj(pod, "status"), "phase")).isEqualTo("Pending");
    JsonObject viaMain = pod.deepCopy();
    viaMain.getAsJsonObject("status").addProperty("phase", "Running");
    JsonObject after = store.update(BuiltinTypes.PODS, "default", viaMain);
    assertThat(Json.str(Json.obj(after, "status"), "phase")).isEqualTo("Pending");
    after =
        store.mergePatchStatus(
            BuiltinTypes.PODS, "default", "p", json("{'status':{'phase':'Running'}}"));
    assertThat(Json.str(Json.obj(after, "status"), "phase")).isEqualTo("Running");
    // Workflows have no status subresource: status is written through the main resource.
    store.create(BuiltinTypes.WORKFLOWS, "default", json("{'metadata':{'name':'w'},'spec':{}}"));
    JsonObject wf =
        store.mergePatch(
            BuiltinTypes.WORKFLOWS, "default", "w", json("{'status':{'phase':'Running'}}"));
    assertThat(Json.str(Json.obj(wf, "status"), "phase")).isEqualTo("Running");
    assertThatThrownBy(
            () ->
                store.mergePatchStatus(
                    BuiltinTypes.WORKFLOWS, "default", "w", json("{'status':{'phase':'x'}}")))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(404));
  }

  @Test
  void patchesOfEachType() {
    store.create(
        BuiltinTypes.PODS,
        "default",
        json(
            "{'metadata':{'name':'p','labels':{'a':'1','b':'2'}},'spec':{'containers':["
                + "{'name':'main','image':'x:1','env':[{'name':'A','value':'1'}]},"
                + "{'name':'wait','image':'y:1'}]}}"));
    JsonObject merged =
        store.patch(
            BuiltinTypes.PODS,
            "default",
            "p",
            Patches.Type.MERGE,
            "{\"metadata\":{\"labels\":{\"a\":null,\"c\":\"3\"}}}",
            false);
    assertThat(Json.obj(Json.meta(merged), "labels").keySet()).containsExactlyInAnyOrder("b", "c");

    JsonObject strategic =
        store.patch(
            BuiltinTypes.PODS,
            "default",
            "p",
            Patches.Type.STRATEGIC,
            "{\"spec\":{\"containers\":[{\"name\":\"main\",\"env\":[{\"name\":\"B\",\"value\":\"2\"}]}]}}",
            false);
    var containers = Json.arr(Json.obj(strategic, "spec"), "containers");
    assertThat(containers).hasSize(2);
    JsonObject main = containers.get(0).getAsJsonObject();
    assertThat(Json.str(main, "image")).isEqualTo("x:1");
    assertThat(Json.arr(main, "env")).hasSize(2);

    JsonObject jsonPatched =
        store.patch(
            BuiltinTypes.PODS,
            "default",
            "p",
            Patches.Type.JSON,
            "[{\"op\":\"replace\",\"path\":\"/metadata/labels/b\",\"value\":\"9\"},"
                + "{\"op\":\"remove\",\"path\":\"/spec/containers/1\"}]",
            false);
    assertThat(Json.str(Json.obj(Json.meta(jsonPatched), "labels"), "b")).isEqualTo("9");
    assertThat(Json.arr(Json.obj(jsonPatched, "spec"), "containers")).hasSize(1);

    assertThatThrownBy(
            () ->
                store.patch(
                    BuiltinTypes.PODS,
                    "default",
                    "p",
                    Patches.Type.JSON,
                    "[{\"op\":\"test\",\"path\":\"/metadata/labels/b\",\"value\":\"0\"}]",
                    false))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(422));

    store.create(BuiltinTypes.WORKFLOWS, "default", json("{'metadata':{'name':'w'},'spec':{}}"));
    assertThatThrownBy(
            () ->
                store.patch(
                    BuiltinTypes.WORKFLOWS,
                    "default",
                    "w",
                    Patches.Type.STRATEGIC,
                    "{\"spec\":{}}",
                    false))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(415));

    JsonObject applied =
        store.patch(
            BuiltinTypes.CONFIGMAPS,
            "default",
            "applied",
            Patches.Type.APPLY,
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: v\n",
            false);
    assertThat(Json.str(Json.obj(applied, "data"), "k")).isEqualTo("v");
  }

  @Test
  void patchWithStaleResourceVersionIsAConflict() {
    JsonObject cm = store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
    store.mergePatch(BuiltinTypes.CONFIGMAPS, "default", "a", json("{'data':{'a':'2'}}"));
    assertThatThrownBy(
            () ->
                store.mergePatch(
                    BuiltinTypes.CONFIGMAPS,
                    "default",
                    "a",
                    json("{'metadata':{'resourceVersion':'" + rv(cm) + "'},'data':{'a':'3'}}")))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(409));
  }

  @Test
  void listFiltersByLabelAndFieldSelectorsAndPaginates() {
    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{'app':'x','tier':'1'}"));
    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("b", "{'app':'y'}"));
    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("c", "{}"));
    store.create(BuiltinTypes.CONFIGMAPS, "kube-system", configMap("d", "{'app':'x'}"));
    assertThat(names(store.list(BuiltinTypes.CONFIGMAPS, null, ListOptions.labels("app=x"))))
        .containsExactly("a", "d");
    assertThat(names(store.list(BuiltinTypes.CONFIGMAPS, "default", ListOptions.labels("app!=x"))))
        .containsExactly("b", "c");
    assertThat(
            names(
                store.list(
                    BuiltinTypes.CONFIGMAPS, "default", ListOptions.labels("app in (x, y)"))))
        .containsExactly("a", "b");
    assertThat(
            names(
                store.list(
                    BuiltinTypes.CONFIGMAPS, "default", ListOptions.labels("app notin (x)"))))
        .containsExactly("b", "c");
    assertThat(
            names(store.list(BuiltinTypes.CONFIGMAPS, "default", ListOptions.labels("app,!tier"))))
        .containsExactly("b");
    assertThat(
            names(
                store.list(
                    BuiltinTypes.CONFIGMAPS,
                    null,
                    ListOptions.fields("metadata.namespace=kube-system"))))
        .containsExactly("d");
    assertThat(
            names(
                store.list(
                    BuiltinTypes.CONFIGMAPS,
                    null,
                    ListOptions.fields("metadata.name!=a,metadata.namespace==default"))))
        .containsExactly("b", "c");

    ListResult page1 =
        store.list(
            BuiltinTypes.CONFIGMAPS, "default", new ListOptions(null, null, 2, null, null, null));
    assertThat(names(page1)).containsExactly("a", "b");
    assertThat(page1.remainingItemCount()).isEqualTo(1);
    ListResult page2 =
        store.list(
            BuiltinTypes.CONFIGMAPS,
            "default",
            new ListOptions(null, null, 2, page1.continueToken(), null, null));
    assertThat(names(page2)).containsExactly("c");
    assertThat(page2.continueToken()).isNull();
    assertThat(page2.resourceVersion()).isEqualTo(page1.resourceVersion());

    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("later", "{}"));
    store.compact();
    assertThatThrownBy(
            () ->
                store.list(
                    BuiltinTypes.CONFIGMAPS,
                    "default",
                    new ListOptions(null, null, 2, page1.continueToken(), null, null)))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(410));
  }

  private static List<String> names(ListResult r) {
    return r.items().stream().map(o -> Json.str(Json.meta(o), "name")).toList();
  }

  private static final class Recorder implements WatchListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void onEvent(WatchEvent event) {
      events.add(
          event.type()
              + " "
              + (event.type().equals(WatchEvent.ERROR)
                  ? event.object().get("code").getAsInt()
                  : Json.str(Json.meta(event.object()), "name")));
    }

    @Override
    public void onClose() {
      closed = true;
    }
  }

  @Test
  void watchResumesFromAResourceVersion() {
    JsonObject a = store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("b", "{}"));
    store.delete(BuiltinTypes.CONFIGMAPS, "default", "a");
    Recorder r = new Recorder();
    try (Watch w = store.watch(BuiltinTypes.CONFIGMAPS, "default", WatchOptions.from(rv(a)), r)) {
      await().until(() -> r.events.size() == 2);
      store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("c", "{}"));
      await().until(() -> r.events.size() == 3);
      assertThat(r.events).containsExactly("ADDED b", "DELETED a", "ADDED c");
    }
  }

  @Test
  void watchWithoutVersionStartsWithTheCurrentState() {
    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
    store.create(BuiltinTypes.CONFIGMAPS, "kube-system", configMap("z", "{}"));
    Recorder r = new Recorder();
    try (Watch w = store.watch(BuiltinTypes.CONFIGMAPS, "default", WatchOptions.all(), r)) {
      store.mergePatch(BuiltinTypes.CONFIGMAPS, "default", "a", json("{'data':{'a':'2'}}"));
      await().until(() -> r.events.size() == 2);
      assertThat(r.events).containsExactly("ADDED a", "MODIFIED a");
    }
  }

  @Test
  void watchFromACompactedVersionGetsGone() {
    JsonObject a = store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("b", "{}"));
    store.compact();
    Recorder r = new Recorder();
    store.watch(BuiltinTypes.CONFIGMAPS, "default", WatchOptions.from(rv(a)), r);
    await().until(() -> r.closed);
    assertThat(r.events).containsExactly("ERROR 410");
  }

  @Test
  void historyLimitExpiresOldVersions() {
    try (ResourceStore small = new ResourceStore("small", Clock.systemUTC(), 3)) {
      JsonObject a = small.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
      for (int i = 0; i < 5; i++) {
        small.create(BuiltinTypes.CONFIGMAPS, "default", configMap("n" + i, "{}"));
      }
      Recorder r = new Recorder();
      small.watch(BuiltinTypes.CONFIGMAPS, "default", WatchOptions.from(rv(a)), r);
      await().until(() -> r.closed);
      assertThat(r.events).containsExactly("ERROR 410");
    }
  }

  @Test
  void watchSelectorsTurnLeavingObjectsIntoDeletes() {
    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{'app':'x'}"));
    Recorder r = new Recorder();
    try (Watch w =
        store.watch(
            BuiltinTypes.CONFIGMAPS,
            "default",
            new WatchOptions("app=x", null, null, false, false),
            r)) {
      store.mergePatch(
          BuiltinTypes.CONFIGMAPS, "default", "a", json("{'metadata':{'labels':{'app':'y'}}}"));
      store.mergePatch(
          BuiltinTypes.CONFIGMAPS, "default", "a", json("{'metadata':{'labels':{'app':'x'}}}"));
      store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("b", "{'app':'y'}"));
      await().until(() -> r.events.size() == 3);
      assertThat(r.events).containsExactly("ADDED a", "DELETED a", "ADDED a");
    }
  }

  @Test
  void bookmarksCarryTheCurrentVersion() {
    Recorder r = new Recorder();
    List<String> versions = new CopyOnWriteArrayList<>();
    try (Watch w =
        store.watch(
            BuiltinTypes.PODS,
            "default",
            new WatchOptions(null, null, Long.toString(store.revision()), true, false),
            e -> {
              r.onEvent(e);
              versions.add(rv(e.object()));
            })) {
      store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
      store.sendBookmarks();
      await().until(() -> r.events.size() == 1);
      assertThat(r.events.get(0)).startsWith("BOOKMARK");
      assertThat(versions).containsExactly(Long.toString(store.revision()));
    }
  }

  @Test
  void finalizersHoldDeletionUntilRemoved() {
    store.create(
        BuiltinTypes.CONFIGMAPS,
        "default",
        json("{'metadata':{'name':'f','finalizers':['example.com/hold']}}"));
    DeleteResult r = store.delete(BuiltinTypes.CONFIGMAPS, "default", "f");
    assertThat(r.deleted()).isFalse();
    JsonObject held = store.get(BuiltinTypes.CONFIGMAPS, "default", "f");
    assertThat(Json.str(Json.meta(held), "deletionTimestamp")).isNotEmpty();
    Json.metaForWrite(held).remove("finalizers");
    store.update(BuiltinTypes.CONFIGMAPS, "default", held);
    assertThat(store.find(BuiltinTypes.CONFIGMAPS, "default", "f")).isEmpty();
  }

  @Test
  void scheduledPodsTerminateGracefullyUnlessGraceIsZero() {
    store.create(
        BuiltinTypes.PODS,
        "default",
        json(
            "{'metadata':{'name':'p'},'spec':{'nodeName':'n1','containers':[{'name':'c','image':'i'}]}}"));
    DeleteResult r = store.delete(BuiltinTypes.PODS, "default", "p");
    assertThat(r.deleted()).isFalse();
    assertThat(Json.meta(r.object()).get("deletionGracePeriodSeconds").getAsLong()).isEqualTo(30);
    assertThat(store.find(BuiltinTypes.PODS, "default", "p")).isPresent();
    assertThat(store.delete(BuiltinTypes.PODS, "default", "p", DeleteOptions.now()).deleted())
        .isTrue();
    store.create(
        BuiltinTypes.PODS,
        "default",
        json(
            "{'metadata':{'name':'unscheduled'},'spec':{'containers':[{'name':'c','image':'i'}]}}"));
    assertThat(store.delete(BuiltinTypes.PODS, "default", "unscheduled").deleted()).isTrue();
  }

  @Test
  void deletePreconditionsAreChecked() {
    store.create(BuiltinTypes.CONFIGMAPS, "default", configMap("a", "{}"));
    assertThatThrownBy(
            () ->
                store.delete(
                    BuiltinTypes.CONFIGMAPS,
                    "default",
                    "a",
                    new DeleteOptions(null, null, "other", null)))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(409));
    assertThat(store.find(BuiltinTypes.CONFIGMAPS, "default", "a")).isPresent();
  }

  private JsonObject owned(String name, String ownerUid, boolean block) {
    return json(
        "{'metadata':{'name':'"
            + name
            + "','ownerReferences':[{'apiVersion':'argoproj.io/v1alpha1','kind':'Workflow','name':'w','uid':'"
            + ownerUid
            + "','blockOwnerDeletion':"
            + block
            + "}]}}");
  }

  @Test
  void backgroundGarbageCollectionDeletesDependents() {
    JsonObject wf =
        store.create(BuiltinTypes.WORKFLOWS, "default", json("{'metadata':{'name':'w'}}"));
    String uid = Json.str(Json.meta(wf), "uid");
    store.create(BuiltinTypes.CONFIGMAPS, "default", owned("dep", uid, false));
    store.delete(BuiltinTypes.WORKFLOWS, "default", "w");
    await().until(() -> store.find(BuiltinTypes.CONFIGMAPS, "default", "dep").isEmpty());
  }

  @Test
  void foregroundDeletionWaitsForBlockingDependents() {
    JsonObject wf =
        store.create(BuiltinTypes.WORKFLOWS, "default", json("{'metadata':{'name':'w'}}"));
    String uid = Json.str(Json.meta(wf), "uid");
    JsonObject dep = owned("dep", uid, true);
    Json.metaForWrite(dep).add("finalizers", JsonParser.parseString("[\"example.com/hold\"]"));
    store.create(BuiltinTypes.CONFIGMAPS, "default", dep);
    store.delete(BuiltinTypes.WORKFLOWS, "default", "w", DeleteOptions.propagation("Foreground"));
    await()
        .until(
            () ->
                !Json.str(
                        Json.meta(store.get(BuiltinTypes.CONFIGMAPS, "default", "dep")),
                        "deletionTimestamp")
                    .isEmpty());
    store.awaitBackground();
    assertThat(store.find(BuiltinTypes.WORKFLOWS, "default", "w")).isPresent();
    JsonObject held = store.get(BuiltinTypes.CONFIGMAPS, "default", "dep");
    Json.metaForWrite(held).remove("finalizers");
    store.update(BuiltinTypes.CONFIGMAPS, "default", held);
    await().until(() -> store.find(BuiltinTypes.WORKFLOWS, "default", "w").isEmpty());
  }

  @Test
  void orphanDeletionKeepsDependentsAndDropsTheirOwnerReference() {
    JsonObject wf =
        store.create(BuiltinTypes.WORKFLOWS, "default", json("{'metadata':{'name':'w'}}"));
    String uid = Json.str(Json.meta(wf), "uid");
    store.create(BuiltinTypes.CONFIGMAPS, "default", owned("dep", uid, false));
    store.delete(BuiltinTypes.WORKFLOWS, "default", "w", DeleteOptions.propagation("Orphan"));
    await().until(() -> store.find(BuiltinTypes.WORKFLOWS, "default", "w").isEmpty());
    JsonObject dep = store.get(BuiltinTypes.CONFIGMAPS, "default", "dep");
    assertThat(Json.arr(Json.meta(dep), "ownerReferences")).isEmpty();
  }

  @Test
  void deletingANamespaceDeletesItsContents() {
    store.create(BuiltinTypes.NAMESPACES, null, json("{'metadata':{'name':'ns1'}}"));
    store.create(BuiltinTypes.CONFIGMAPS, "ns1", configMap("a", "{}"));
    store.create(
        BuiltinTypes.CONFIGMAPS,
        "ns1",
        json("{'metadata':{'name':'held','finalizers':['example.com/hold']}}"));
    store.delete(BuiltinTypes.NAMESPACES, null, "ns1");
    assertThatThrownBy(() -> store.create(BuiltinTypes.CONFIGMAPS, "ns1", configMap("b", "{}")))
        .isInstanceOfSatisfying(StatusException.class, e -> assertThat(e.code()).isEqualTo(403));
    await().until(() -> store.find(BuiltinTypes.CONFIGMAPS, "ns1", "a").isEmpty());
    store.awaitBackground();
    assertThat(store.find(BuiltinTypes.NAMESPACES, null, "ns1")).isPresent();
    JsonObject held = store.get(BuiltinTypes.CONFIGMAPS, "ns1", "held");
    Json.metaForWrite(held).remove("finalizers");
    store.update(BuiltinTypes.CONFIGMAPS, "ns1", held);
    await().until(() -> store.find(BuiltinTypes.NAMESPACES, null, "ns1").isEmpty());
    assertThat(store.find(BuiltinTypes.CONFIGMAPS, "ns1", "a")).isEmpty();
  }

  @Test
  void aCrdMakesItsKindServed() {
    JsonObject crd =
        json(
            "{'metadata':{'name':'widgets.example.com'},'spec':{'group':'example.com','scope':'Namespaced',"
                + "'names':{'plural':'widgets','singular':'widget','kind':'Widget','shortNames':['wd']},"
                + "'versions':[{'name':'v1','served':true,'storage':true,'subresources':{'status':{}}}]}}");
    store.create(BuiltinTypes.CRDS, null, crd);
    ResourceType widgets = store.type("example.com", "v1", "widgets").orElseThrow();
    assertThat(widgets.statusSubresource()).isTrue();
    assertThat(store.isCustom(widgets)).isTrue();
    store.create(widgets, "default", json("{'metadata':{'name':'w1'},'spec':{'size':1}}"));
    assertThat(store.list(widgets, "default", ListOptions.all()).items()).hasSize(1);
    store.delete(BuiltinTypes.CRDS, null, "widgets.example.com");
    assertThat(store.type("example.com", "v1", "widgets")).isEmpty();
  }
}
