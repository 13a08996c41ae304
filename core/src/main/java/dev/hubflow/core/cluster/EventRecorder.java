package dev.hubflow.core.cluster;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.openapi.models.V1EventSource;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1ObjectReference;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Kubernetes Events into one cluster (about registration Secrets, workflows waiting for a
 * spoke). Best effort: a failure is logged, never thrown.
 */
public final class EventRecorder {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final String COMPONENT = "hubflow-controller";

  private final CoreV1Api api;

  public EventRecorder(ApiClient cluster) {
    this.api = new CoreV1Api(cluster);
  }

  /** An Event on the object, e.g. a registration Secret; {@code type} Normal or Warning. */
  public void record(V1ObjectReference about, String type, String reason, String message) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    CoreV1Event event =
        new CoreV1Event()
            .metadata(
                new V1ObjectMeta()
                    .generateName(about.getName() + ".")
                    .namespace(about.getNamespace()))
            .involvedObject(about)
            .type(type)
            .reason(reason)
            .message(message)
            .source(new V1EventSource().component(COMPONENT))
            .reportingComponent(COMPONENT)
            .firstTimestamp(now)
            .lastTimestamp(now)
            .count(1);
    try {
      api.createNamespacedEvent(about.getNamespace(), event, null, null, null, null);
    } catch (ApiException | RuntimeException e) {
      log.warn(
          "could not record event reason={} on {} {}/{}: {}",
          reason,
          about.getKind(),
          about.getNamespace(),
          about.getName(),
          e instanceof ApiException a ? "HTTP " + a.getCode() : e.toString());
    }
  }
}
