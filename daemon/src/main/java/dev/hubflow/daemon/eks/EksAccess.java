package dev.hubflow.daemon.eks;

import dev.hubflow.core.cluster.credentials.AwsEksGetToken;
import dev.hubflow.core.cluster.credentials.InProcessExec;
import dev.hubflow.core.spi.Clock;
import dev.hubflow.core.spi.ClusterConnection;
import dev.hubflow.core.spi.CredentialSource;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Reaches EKS clusters from inside the JVM: AWS credentials from a base provider (the SDK's default
 * chain: Pod Identity, IRSA, environment…), optionally through AssumeRole; tokens from {@link
 * EksTokenSigner}; endpoint and CA from the cluster's settings or DescribeCluster, cached.
 */
public final class EksAccess implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EksAccess.class);

  private final EksSettings settings;
  private final AwsCredentialsProvider base;
  private final Clock clock;
  private final SdkHttpClient http;
  private final EksTokenSigner signer = new EksTokenSigner();
  private final Map<Region, StsClient> stsClients = new ConcurrentHashMap<>();
  private final Map<String, AwsCredentialsProvider> roles = new ConcurrentHashMap<>();
  private final Map<String, Described> described = new ConcurrentHashMap<>();
  private final List<SdkAutoCloseable> closeables = new ArrayList<>();

  private record Described(String server, String caCertificatePem) {}

  public EksAccess(
      EksSettings settings, AwsCredentialsProvider base, Clock clock, SdkHttpClient http) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.base = Objects.requireNonNull(base, "base");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = Objects.requireNonNull(http, "http");
  }

  /** Credentials from the SDK's default chain (in a pod: Pod Identity or IRSA). */
  public static EksAccess fromDefaultChain(EksSettings settings, Clock clock) {
    return new EksAccess(
        settings,
        DefaultCredentialsProvider.builder().build(),
        clock,
        UrlConnectionHttpClient.create());
  }

  /** Serves kubeconfig {@code aws eks get-token} exec entries in-process. */
  public InProcessExec awsEksGetToken() {
    return InProcessExec.awsEksGetToken(this::tokens);
  }

  /** A token source for an {@code aws eks get-token} request. */
  public CredentialSource tokens(AwsEksGetToken request) {
    EksCluster cluster = EksCluster.named(request.clusterName());
    if (request.region().isPresent()) {
      cluster = cluster.withRegion(request.region().get());
    }
    if (request.roleArn().isPresent()) {
      cluster = cluster.withRoleArn(request.roleArn().get());
    }
    if (request.profile().isPresent()) {
      log.info(
          "EKS cluster {}: AWS profile {} in the kubeconfig is ignored; using the default"
              + " credential chain",
          request.clusterName(),
          request.profile().get());
    }
    return tokens(cluster);
  }

  /** A token source for the cluster. */
  public CredentialSource tokens(EksCluster cluster) {
    Region region = regionOf(cluster);
    URI sts = settings.stsEndpoint().orElseGet(() -> EksTokenSigner.regionalSts(region));
    return new EksTokenSource(
        cluster.clusterName(),
        region,
        sts,
        credentialsFor(cluster, region),
        signer,
        clock,
        settings.tokenLifetime());
  }

  /** The connection: endpoint and CA from the cluster's settings, else from DescribeCluster. */
  public ClusterConnection connect(EksCluster cluster) {
    Region region = regionOf(cluster);
    String server;
    Optional<String> ca;
    if (cluster.server().isPresent()) {
      server = cluster.server().get();
      ca = cluster.caCertificatePem();
    } else {
      Described d = describe(cluster, region);
      server = d.server();
      ca = cluster.caCertificatePem().or(() -> Optional.of(d.caCertificatePem()));
    }
    return new ClusterConnection(cluster.name(), server, ca, false, tokens(cluster));
  }

  private Described describe(EksCluster cluster, Region region) {
    String key = region.id() + "|" + cluster.roleArn().orElse("") + "|" + cluster.clusterName();
    return described.computeIfAbsent(
        key,
        k -> {
          log.info(
              "describing EKS cluster {} in {} for its endpoint and CA",
              cluster.clusterName(),
              region.id());
          try (EksClient eks = eksClient(cluster, region)) {
            Cluster c = eks.describeCluster(r -> r.name(cluster.clusterName())).cluster();
            if (c.endpoint() == null || c.certificateAuthority() == null) {
              throw new IllegalStateException(
                  "EKS cluster " + cluster.clusterName() + " has no endpoint or CA yet");
            }
            String ca =
                new String(
                    Base64.getMimeDecoder().decode(c.certificateAuthority().data()),
                    StandardCharsets.UTF_8);
            return new Described(c.endpoint(), ca);
          } catch (SdkException e) {
            throw new IllegalStateException(
                "cluster "
                    + cluster.name()
                    + ": DescribeCluster "
                    + cluster.clusterName()
                    + " failed: "
                    + e.getMessage(),
                e);
          }
        });
  }

  private EksClient eksClient(EksCluster cluster, Region region) {
    var builder =
        EksClient.builder()
            .region(region)
            .httpClient(http)
            .credentialsProvider(credentialsFor(cluster, region));
    settings.eksEndpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private AwsCredentialsProvider credentialsFor(EksCluster cluster, Region region) {
    if (cluster.roleArn().isEmpty()) {
      return base;
    }
    String roleArn = cluster.roleArn().get();
    String key = region.id() + "|" + roleArn + "|" + cluster.externalId().orElse("");
    return roles.computeIfAbsent(
        key,
        k -> {
          StsAssumeRoleCredentialsProvider provider =
              StsAssumeRoleCredentialsProvider.builder()
                  .stsClient(stsClient(region))
                  .refreshRequest(
                      r -> {
                        r.roleArn(roleArn).roleSessionName(settings.sessionName());
                        cluster.externalId().ifPresent(r::externalId);
                      })
                  .build();
          synchronized (closeables) {
            closeables.add(provider);
          }
          return provider;
        });
  }

  private StsClient stsClient(Region region) {
    return stsClients.computeIfAbsent(
        region,
        r -> {
          var builder = StsClient.builder().region(r).httpClient(http).credentialsProvider(base);
          settings.stsEndpoint().ifPresent(builder::endpointOverride);
          return builder.build();
        });
  }

  Region regionOf(EksCluster cluster) {
    Optional<String> id = cluster.region().or(settings::defaultRegion);
    if (id.isPresent()) {
      return Region.of(id.get());
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkException e) {
      throw new IllegalStateException(
          "cluster "
              + cluster.name()
              + ": no AWS region (give --region, set AWS_REGION, or set the cluster's region)",
          e);
    }
  }

  @Override
  public void close() {
    synchronized (closeables) {
      closeables.forEach(SdkAutoCloseable::close);
    }
    stsClients.values().forEach(StsClient::close);
    http.close();
  }
}
