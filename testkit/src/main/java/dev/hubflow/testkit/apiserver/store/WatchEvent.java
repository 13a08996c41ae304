package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonObject;

/**
 * One change as watchers see it. {@code object} must not be modified: it is shared by every watcher
 * and kept in the history.
 *
 * @param type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR
 * @param previous the object before the change (null for ADDED, BOOKMARK and ERROR)
 */
public record WatchEvent(
    String type, JsonObject object, JsonObject previous, long revision, String namespace) {

  public static final String ADDED = "ADDED";
  public static final String MODIFIED = "MODIFIED";
  public static final String DELETED = "DELETED";
  public static final String BOOKMARK = "BOOKMARK";
  public static final String ERROR = "ERROR";

  /** The JSON line the real server sends for this event. */
  public String toJsonLine() {
    return "{\"type\":\"" + type + "\",\"object\":" + object + "}\n";
  }

  public String name() {
    return Json.str(Json.meta(object), "name");
  }

  WatchEvent as(String newType) {
    return new WatchEvent(newType, object, previous, revision, namespace);
  }
}
