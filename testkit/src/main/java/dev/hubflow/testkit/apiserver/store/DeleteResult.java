package dev.hubflow.testkit.apiserver.store;

import com.google.gson.JsonObject;

/**
 * The outcome of a delete.
 *
 * @param object the object as deleted, or as it now waits (deletionTimestamp set)
 * @param deleted true when gone; false while finalizers or a grace period hold it
 */
public record DeleteResult(JsonObject object, boolean deleted) {}
