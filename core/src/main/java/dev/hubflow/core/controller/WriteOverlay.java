package dev.hubflow.core.controller;

import dev.hubflow.core.cluster.WorkflowKey;
import dev.hubflow.model.v1alpha1.Workflow;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The stale-write guard. After the controller patches a workflow, the informer cache still holds
 * the old version until the watch event arrives. A reconcile in that gap would act on a status
 * older than the one just written: create a pod again, or re-decide a node (the bug Argo works
 * around with its "last seen version" check and 10 s requeues).
 *
 * <p>We keep the object the server returned from our patch and use it instead of the cache until
 * the cache has caught up: until the informer shows that resourceVersion (watch events arrive in
 * order, so after that the cache is as new as our write), or a version known to be newer. We chose
 * this over only remembering the version and skipping reconciles while the cache is behind because
 * it never delays work: an event on a pod is acted on at once, against the status we wrote. If the
 * overlay is ever wrong (someone else wrote and the versions cannot be compared), the next patch
 * carries the overlay's resourceVersion and fails with 409, which {@link #forget forgets} it.
 */
final class WriteOverlay {
  private final ConcurrentMap<WorkflowKey, Write> written = new ConcurrentHashMap<>();

  /** Our write: what the server stored, and whether the engine had settled on it. */
  private record Write(Workflow stored, boolean settled) {}

  /**
   * Remember what the server stored after our write.
   *
   * @param settled the engine wants nothing more of this version (its watch event needs no
   *     reconcile)
   */
  void remember(WorkflowKey key, Workflow stored, boolean settled) {
    written.put(key, new Write(stored, settled));
  }

  /** The newest version we know: our own write if the cache has not caught up with it yet. */
  Workflow resolve(WorkflowKey key, Workflow cached) {
    Write mine = written.get(key);
    if (mine == null) {
      return cached;
    }
    if (!Objects.equals(uid(mine.stored()), uid(cached)) || caughtUp(cached, mine.stored())) {
      written.remove(key, mine);
      return cached;
    }
    return mine.stored();
  }

  /**
   * The informer delivered a version; drop our copy once the cache is at least as new.
   *
   * @return true when this version is exactly our own settled write coming back, which holds
   *     nothing the engine has not already looked at
   */
  boolean observed(WorkflowKey key, Workflow fromInformer) {
    boolean[] ownSettled = {false};
    written.computeIfPresent(
        key,
        (k, mine) -> {
          if (!Objects.equals(uid(mine.stored()), uid(fromInformer))
              || caughtUp(fromInformer, mine.stored())) {
            ownSettled[0] =
                mine.settled()
                    && Objects.equals(uid(mine.stored()), uid(fromInformer))
                    && Objects.equals(version(mine.stored()), version(fromInformer));
            return null;
          }
          return mine;
        });
    return ownSettled[0];
  }

  void forget(WorkflowKey key) {
    written.remove(key);
  }

  int size() {
    return written.size();
  }

  private static boolean caughtUp(Workflow cached, Workflow mine) {
    String cachedVersion = cached.getMetadata().getResourceVersion();
    String myVersion = mine.getMetadata().getResourceVersion();
    if (cachedVersion == null || myVersion == null || cachedVersion.equals(myVersion)) {
      return true;
    }
    // Kubernetes calls resourceVersions opaque, but etcd-backed servers use increasing integers;
    // comparing them covers a relist that skipped our exact version.
    try {
      return Long.parseLong(cachedVersion) > Long.parseLong(myVersion);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String version(Workflow workflow) {
    return workflow.getMetadata().getResourceVersion();
  }

  private static String uid(Workflow workflow) {
    return workflow.getMetadata().getUid();
  }
}
