package dev.hubflow.core.cluster.credentials;

import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.ClusterCredentialProvider;
import dev.hubflow.core.spi.CredentialSource;
import dev.hubflow.core.spi.Credentials;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Clusters from a kubeconfig: the cluster name is a context name. Exec entries are first offered to
 * the registered {@link InProcessExec} handlers and otherwise run as processes.
 */
public final class KubeconfigCredentialProvider implements ClusterCredentialProvider {
  private final Kubeconfig kubeconfig;
  private final Clock clock;
  private final List<InProcessExec> inProcess;

  public KubeconfigCredentialProvider(Kubeconfig kubeconfig, Clock clock) {
    this(kubeconfig, clock, List.of());
  }

  public KubeconfigCredentialProvider(
      Kubeconfig kubeconfig, Clock clock, List<InProcessExec> inProcess) {
    this.kubeconfig = Objects.requireNonNull(kubeconfig, "kubeconfig");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.inProcess = List.copyOf(inProcess);
  }

  /** The same kubeconfig with one more in-process exec handler (tried after earlier ones). */
  public KubeconfigCredentialProvider serving(InProcessExec handler) {
    List<InProcessExec> handlers = new ArrayList<>(inProcess);
    handlers.add(handler);
    return new KubeconfigCredentialProvider(kubeconfig, clock, handlers);
  }

  /** The connection for the context named {@code clusterName}. */
  @Override
  public Optional<ClusterConnection> connect(String clusterName) {
    return kubeconfig.context(clusterName).map(this::connection);
  }

  /** The connection for {@code current-context}, or a clear error when there is none. */
  public ClusterConnection connectCurrent() {
    String current =
        kubeconfig
            .currentContext()
            .orElseThrow(
                () -> new IllegalArgumentException(kubeconfig.source() + ": no current-context"));
    return connect(current)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    kubeconfig.source()
                        + ": current-context \""
                        + current
                        + "\" is not in contexts[]"));
  }

  private ClusterConnection connection(Kubeconfig.Context context) {
    Kubeconfig.Cluster cluster = kubeconfig.clusterOf(context);
    CredentialSource credentials =
        kubeconfig
            .userOf(context)
            .map(user -> credentials(context.name(), cluster, user))
            .orElseGet(() -> new FixedCredentials(Credentials.none()));
    return new ClusterConnection(
        context.name(),
        cluster.server(),
        cluster.caCertificatePem(),
        cluster.insecureSkipTlsVerify(),
        credentials);
  }

  private CredentialSource credentials(
      String clusterName, Kubeconfig.Cluster cluster, Kubeconfig.User user) {
    if (user.exec().isPresent()) {
      ExecPlugin plugin = user.exec().get();
      for (InProcessExec handler : inProcess) {
        Optional<CredentialSource> served = handler.serve(plugin, clusterName);
        if (served.isPresent()) {
          return served.get();
        }
      }
      return new ExecPluginCredentials(
          plugin,
          clusterName,
          Optional.of(
              new ExecPluginCredentials.ClusterInfo(
                  cluster.server(), cluster.caCertificatePem(), cluster.insecureSkipTlsVerify())),
          clock);
    }
    if (user.clientCertificatePem().isPresent() != user.clientKeyPem().isPresent()) {
      throw new IllegalArgumentException(
          kubeconfig.source()
              + ": user \""
              + user.name()
              + "\" needs both client-certificate and client-key");
    }
    if (user.token().isEmpty() && user.tokenFile().isPresent()) {
      if (user.clientCertificatePem().isPresent()) {
        TokenFile file = new TokenFile(user.tokenFile().get(), clock);
        return new CertificateAndToken(
            user.clientCertificatePem().get(), user.clientKeyPem().get(), file);
      }
      return new TokenFile(user.tokenFile().get(), clock);
    }
    return new FixedCredentials(
        new Credentials(
            user.token(), user.clientCertificatePem(), user.clientKeyPem(), Optional.empty()));
  }

  /** A fixed client certificate together with a rotating token file. */
  private record CertificateAndToken(String certificatePem, String keyPem, TokenFile token)
      implements CredentialSource {
    @Override
    public Credentials current() {
      return new Credentials(
          token.current().bearerToken(),
          Optional.of(certificatePem),
          Optional.of(keyPem),
          Optional.empty());
    }

    @Override
    public void invalidate() {
      token.invalidate();
    }

    @Override
    public String toString() {
      return "CertificateAndToken[" + token + "]";
    }
  }
}
