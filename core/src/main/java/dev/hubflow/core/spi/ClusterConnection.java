package dev.hubflow.core.spi;

import java.util.Optional;

/**
 * How to reach one cluster's API server: the endpoint, the CA to trust, and the credentials.
 * Credentials may expire; {@link #credentials()} is asked again whenever they are needed.
 *
 * @param name the cluster's name as hubflow knows it (e.g. {@code spoke-eu})
 * @param server the API server URL, e.g. {@code https://ABC.gr7.eu-west-1.eks.amazonaws.com}
 * @param caCertificatePem PEM of the CA that signed the server's certificate, if not a public CA
 * @param insecureSkipTlsVerify trust any server certificate (tests and emulators only)
 * @param credentials where the current credentials come from
 */
public record ClusterConnection(
    String name,
    String server,
    Optional<String> caCertificatePem,
    boolean insecureSkipTlsVerify,
    CredentialSource credentials) {}
