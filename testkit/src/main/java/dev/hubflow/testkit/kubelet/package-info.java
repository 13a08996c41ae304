/**
 * A simulated kubelet: binds pods to a fake node, runs them with a {@link
 * dev.hubflow.testkit.runtime.PodRuntime}, writes pod status and logs, and plays Argo's executor
 * (init, wait, the WorkflowTaskResult) for pods in the emissary layout. It reaches its cluster only
 * through {@link dev.hubflow.testkit.kubelet.KubeletApi}: {@link
 * dev.hubflow.testkit.kubelet.StoreKubeletApi} (in-process API emulator), {@link
 * dev.hubflow.testkit.kubelet.ClientKubeletApi} (any API server via client-java) or {@link
 * dev.hubflow.testkit.kubelet.InMemoryKubeletApi} (maps, for unit tests).
 */
package dev.hubflow.testkit.kubelet;
