package dev.hubflow.testkit.apiserver.store;

/** A column of {@code kubectl get}'s table, read from the object at a simple JSON path. */
public record PrinterColumn(String name, String type, String jsonPath, String format) {}
