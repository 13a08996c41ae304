package dev.hubflow.testkit.junit;

import dev.hubflow.core.HubflowController;
import dev.hubflow.testkit.ClusterObjects;
import dev.hubflow.testkit.EmbeddedHubflow;
import io.kubernetes.client.openapi.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 side of {@link HubflowTest}: starts the clusters before each test, injects {@link
 * HubflowCluster}, and tears everything down after.
 */
public final class HubflowExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /** System property or environment variable naming a real cluster's kubeconfig. */
  public static final String KUBECONFIG = "HUBFLOW_KUBECONFIG";

  private static final ExtensionContext.Namespace STORE =
      ExtensionContext.Namespace.create(HubflowExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    context.getStore(STORE).put(HubflowCluster.class, start(settings(context), context));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    HubflowCluster cluster =
        context.getStore(STORE).remove(HubflowCluster.class, HubflowCluster.class);
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == HubflowCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    HubflowCluster cluster =
        context.getStore(STORE).get(HubflowCluster.class, HubflowCluster.class);
    if (cluster == null) {
      throw new ParameterResolutionException(
          "HubflowCluster is given to test methods only (not constructors or @BeforeAll)");
    }
    return cluster;
  }

  /** The tested method's annotation, else its class's (or an enclosing class's). */
  private static HubflowTest settings(ExtensionContext context) {
    HubflowTest onMethod =
        context.getTestMethod().map(m -> m.getAnnotation(HubflowTest.class)).orElse(null);
    if (onMethod != null) {
      return onMethod;
    }
    for (Class<?> c = context.getRequiredTestClass(); c != null; c = c.getEnclosingClass()) {
      HubflowTest onClass = c.getAnnotation(HubflowTest.class);
      if (onClass != null) {
        return onClass;
      }
    }
    throw new IllegalStateException("HubflowExtension needs @HubflowTest");
  }

  private static HubflowCluster start(HubflowTest settings, ExtensionContext context) {
    String real = System.getProperty(KUBECONFIG, System.getenv(KUBECONFIG));
    if (real != null && !real.isBlank()) {
      return startReal(Path.of(real), settings, context);
    }
    EmbeddedHubflow embedded =
        EmbeddedHubflow.builder().clusters(settings.clusters()).runtime(settings.runtime()).start();
    try {
      Path dir = Files.createTempDirectory("hubflow-test-");
      Path kubeconfig = embedded.writeKubeconfigs(dir).get(embedded.hub().name());
      embedded.objects().createNamespace(settings.namespace());
      return new HubflowCluster(
          embedded.hub().name(),
          kubeconfig,
          embedded.apiClient(),
          settings.namespace(),
          embedded.controller(),
          embedded,
          () -> {
            embedded.close();
            deleteTree(dir);
          });
    } catch (IOException | RuntimeException e) {
      embedded.close();
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
  }

  private static HubflowCluster startReal(
      Path kubeconfig, HubflowTest settings, ExtensionContext context) {
    ApiClient client = ClusterObjects.client(kubeconfig, null);
    ClusterObjects objects = new ClusterObjects(client);
    // One namespace a test keeps tests apart on a shared cluster.
    String namespace =
        (settings.namespace() + "-" + UUID.randomUUID().toString().substring(0, 8))
            .toLowerCase(Locale.ROOT);
    objects.createNamespace(namespace);
    HubflowController controller =
        HubflowController.builder()
            .cluster("real", client)
            .namespaces(Set.of(namespace))
            .build()
            .start();
    return new HubflowCluster(
        "real",
        kubeconfig,
        client,
        namespace,
        controller,
        null,
        () -> {
          controller.close();
          objects.deleteNamespace(namespace);
        });
  }

  private static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory; the OS cleans up what is left
    }
  }
}
