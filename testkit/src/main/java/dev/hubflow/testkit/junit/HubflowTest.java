package dev.hubflow.testkit.junit;

import dev.hubflow.testkit.PodRuntimeKind;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives each test fresh in-process clusters with a kubelet and a running hubflow controller;
 * declare a {@link HubflowCluster} parameter to use them.
 *
 * <pre>{@code
 * @HubflowTest(runtime = PodRuntimeKind.SIMULATED)
 * class MyWorkflowTest {
 *   @Test
 *   void succeeds(HubflowCluster cluster) {
 *     Workflow wf = cluster.submit(Path.of("my-workflow.yaml"));
 *     cluster.awaitPhase(wf, "Succeeded");
 *   }
 * }
 * }</pre>
 *
 * <p>With the system property or environment variable {@value HubflowExtension#KUBECONFIG} set to a
 * kubeconfig, tests run against that cluster instead: no emulator or kubelet is started, the
 * controller still runs in the test's process, and each test gets its own namespace.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(HubflowExtension.class)
public @interface HubflowTest {
  /** Cluster names; the first runs workflows and their pods. */
  String[] clusters() default {"hub"};

  /** What runs the pods. */
  PodRuntimeKind runtime() default PodRuntimeKind.SIMULATED;

  /** The namespace workflows go to (against a real cluster: a fresh one per test). */
  String namespace() default "argo";
}
