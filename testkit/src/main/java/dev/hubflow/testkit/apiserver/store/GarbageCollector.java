package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What kube-controller-manager does after a change, run on the store's background thread:
 * owner-reference garbage collection (background, foreground, orphan), namespace termination, and
 * the default service account of each new namespace.
 */
final class GarbageCollector {
  private final ResourceStore store;

  GarbageCollector(ResourceStore store) {
    this.store = store;
  }

  void onEvent(ResourceType type, WatchEvent e) {
    JsonObject o = e.object();
    JsonObject meta = Json.meta(o);
    String uid = Json.str(meta, "uid");
    if (e.type().equals(WatchEvent.DELETED)) {
      for (Map.Entry<ResourceType, JsonObject> dep : store.dependentsOf(uid)) {
        collectIfOrphaned(dep.getKey(), dep.getValue(), uid);
      }
      for (JsonElement ref : Json.arr(meta, "ownerReferences")) {
        String ownerUid = Json.str(ref.getAsJsonObject(), "uid");
        store
            .findByUid(ownerUid)
            .ifPresent(owner -> finishForegroundIfUnblocked(owner.getKey(), owner.getValue()));
      }
      if (type.namespaced() && e.namespace() != null) {
        store.finishNamespaceIfEmpty(e.namespace());
      }
      return;
    }
    if (type.equals(BuiltinTypes.NAMESPACES) && e.type().equals(WatchEvent.ADDED)) {
      createDefaultServiceAccount(Json.str(meta, "name"));
    }
    if (!Json.str(meta, "deletionTimestamp").isEmpty()) {
      JsonArray finalizers = Json.arr(meta, "finalizers");
      if (finalizers.contains(Json.string("orphan"))) {
        orphanDependents(uid);
        removeFinalizer(type, o, "orphan");
      }
      if (finalizers.contains(Json.string("foregroundDeletion"))) {
        for (Map.Entry<ResourceType, JsonObject> dep : store.dependentsOf(uid)) {
          if (Json.str(Json.meta(dep.getValue()), "deletionTimestamp").isEmpty()) {
            deleteQuietly(dep.getKey(), dep.getValue(), "Foreground");
          }
        }
        store.findByUid(uid).ifPresent(x -> finishForegroundIfUnblocked(x.getKey(), x.getValue()));
      }
      if (type.equals(BuiltinTypes.NAMESPACES)) {
        String ns = Json.str(meta, "name");
        for (Map.Entry<ResourceType, JsonObject> item : store.objectsIn(ns)) {
          JsonObject m = Json.meta(item.getValue());
          try {
            store.delete(item.getKey(), ns, Json.str(m, "name"), DeleteOptions.now());
          } catch (StatusException ex) {
            if (ex.code() != 404) {
              throw ex;
            }
          }
        }
        store.finishNamespaceIfEmpty(ns);
      }
    } else if (e.type().equals(WatchEvent.ADDED)) {
      // An object whose owners all vanished (or never existed) is collected, as the real GC does.
      JsonArray owners = Json.arr(meta, "ownerReferences");
      if (!owners.isEmpty()) {
        boolean anyOwner = false;
        for (JsonElement ref : owners) {
          anyOwner |= store.existsUid(Json.str(ref.getAsJsonObject(), "uid"));
        }
        if (!anyOwner) {
          deleteQuietly(type, o, "Background");
        }
      }
    }
  }

  private void collectIfOrphaned(ResourceType type, JsonObject dependent, String deletedOwner) {
    for (JsonElement ref : Json.arr(Json.meta(dependent), "ownerReferences")) {
      String ownerUid = Json.str(ref.getAsJsonObject(), "uid");
      if (!ownerUid.equals(deletedOwner) && store.existsUid(ownerUid)) {
        return;
      }
    }
    deleteQuietly(type, dependent, "Background");
  }

  private void finishForegroundIfUnblocked(ResourceType type, JsonObject owner) {
    JsonObject meta = Json.meta(owner);
    if (Json.str(meta, "deletionTimestamp").isEmpty()
        || !Json.arr(meta, "finalizers").contains(Json.string("foregroundDeletion"))) {
      return;
    }
    String uid = Json.str(meta, "uid");
    for (Map.Entry<ResourceType, JsonObject> dep : store.dependentsOf(uid)) {
      for (JsonElement ref : Json.arr(Json.meta(dep.getValue()), "ownerReferences")) {
        JsonObject r = ref.getAsJsonObject();
        if (uid.equals(Json.str(r, "uid"))
            && r.has("blockOwnerDeletion")
            && r.get("blockOwnerDeletion").getAsBoolean()) {
          return;
        }
      }
    }
    removeFinalizer(type, owner, "foregroundDeletion");
  }

  private void orphanDependents(String ownerUid) {
    for (Map.Entry<ResourceType, JsonObject> dep : store.dependentsOf(ownerUid)) {
      modify(
          dep.getKey(),
          dep.getValue(),
          o -> {
            JsonObject m = Json.metaForWrite(o);
            JsonArray kept = new JsonArray();
            for (JsonElement ref : Json.arr(m, "ownerReferences")) {
              if (!ownerUid.equals(Json.str(ref.getAsJsonObject(), "uid"))) {
                kept.add(ref);
              }
            }
            if (kept.isEmpty()) {
              m.remove("ownerReferences");
            } else {
              m.add("ownerReferences", kept);
            }
            return o;
          });
    }
  }

  private void removeFinalizer(ResourceType type, JsonObject object, String finalizer) {
    modify(
        type,
        object,
        o -> {
          JsonObject m = Json.metaForWrite(o);
          JsonArray kept = new JsonArray();
          for (JsonElement f : Json.arr(m, "finalizers")) {
            if (!f.getAsString().equals(finalizer)) {
              kept.add(f);
            }
          }
          if (kept.isEmpty()) {
            m.remove("finalizers");
          } else {
            m.add("finalizers", kept);
          }
          return o;
        });
  }

  /** Read-modify-write with retries on conflict; a vanished object is fine. */
  private void modify(ResourceType type, JsonObject object, UnaryOperator<JsonObject> change) {
    JsonObject meta = Json.meta(object);
    String ns = Json.str(meta, "namespace");
    String name = Json.str(meta, "name");
    for (int attempt = 0; attempt < 10; attempt++) {
      var current = store.find(type, ns, name);
      if (current.isEmpty()
          || !Json.str(Json.meta(current.get()), "uid").equals(Json.str(meta, "uid"))) {
        return;
      }
      try {
        store.update(type, ns, change.apply(current.get()));
        return;
      } catch (StatusException e) {
        if (e.code() == 404) {
          return;
        }
        if (e.code() != 409) {
          throw e;
        }
      }
    }
  }

  private void deleteQuietly(ResourceType type, JsonObject object, String policy) {
    JsonObject meta = Json.meta(object);
    try {
      store.delete(
          type,
          Json.str(meta, "namespace"),
          Json.str(meta, "name"),
          new DeleteOptions(null, policy, Json.str(meta, "uid"), null));
    } catch (StatusException e) {
      if (e.code() != 404 && e.code() != 409) {
        throw e;
      }
    }
  }

  private void createDefaultServiceAccount(String ns) {
    JsonObject sa = new JsonObject();
    sa.addProperty("apiVersion", "v1");
    sa.addProperty("kind", "ServiceAccount");
    JsonObject m = new JsonObject();
    m.addProperty("name", "default");
    m.addProperty("namespace", ns);
    sa.add("metadata", m);
    try {
      store.create(BuiltinTypes.SERVICE_ACCOUNTS, ns, sa);
    } catch (StatusException e) {
      if (e.code() != 409 && e.code() != 404 && e.code() != 403) {
        throw e;
      }
    }
  }

  static List<String> names(JsonArray a) {
    return a.asList().stream().map(JsonElement::getAsString).toList();
  }
}
