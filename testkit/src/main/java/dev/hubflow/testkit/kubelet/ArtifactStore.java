package dev.hubflow.testkit.kubelet;

import dev.hubflow.model.v1alpha1.Artifact;
import java.util.Optional;

/**
 * Where the emulated executor loads input artifacts from and saves output artifacts to: the seam
 * for artifact repositories, which the test kit does not emulate yet. {@link #NONE} knows no
 * repository: inputs with a location fail the pod with a clear message, outputs are left out.
 */
public interface ArtifactStore {

  /** The content of an input artifact (one file), or empty when it cannot be found. */
  Optional<byte[]> load(Artifact artifact);

  /**
   * Stores an output artifact's content (one file) and returns the artifact with its location, or
   * empty when this store keeps no artifacts.
   */
  Optional<Artifact> save(Artifact artifact, byte[] content);

  ArtifactStore NONE =
      new ArtifactStore() {
        @Override
        public Optional<byte[]> load(Artifact artifact) {
          return Optional.empty();
        }

        @Override
        public Optional<Artifact> save(Artifact artifact, byte[] content) {
          return Optional.empty();
        }
      };
}
