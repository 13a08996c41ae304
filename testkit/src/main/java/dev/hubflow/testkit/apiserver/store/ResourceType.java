package dev.hubflow.testkit.apiserver.store;

import java.util.List;

/**
 * A kind the server serves, as discovery describes it.
 *
 * @param statusSubresource whether {@code /status} exists (the main resource then ignores status)
 * @param tracksGeneration whether {@code metadata.generation} counts spec changes
 */
public record ResourceType(
    String group,
    String version,
    String resource,
    String kind,
    String singular,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    boolean statusSubresource,
    boolean tracksGeneration,
    List<PrinterColumn> printerColumns) {

  public ResourceType {
    shortNames = List.copyOf(shortNames);
    categories = List.copyOf(categories);
    printerColumns = List.copyOf(printerColumns);
  }

  /** {@code v1} or {@code group/version}, as in an object's {@code apiVersion}. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  public String listKind() {
    return kind + "List";
  }

  /** {@code pods} or {@code workflows.argoproj.io}, as error messages name a resource. */
  public String groupResource() {
    return group.isEmpty() ? resource : resource + "." + group;
  }

  /** Storage key: all versions of a group's resource share one store. */
  String storageKey() {
    return group + "/" + resource;
  }
}
