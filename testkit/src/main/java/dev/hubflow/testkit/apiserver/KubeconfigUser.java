package dev.hubflow.testkit.apiserver;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.hubflow.testkit.apiserver.tls.CertificateAuthority;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The {@code user} entry of a kubeconfig: a token, a client certificate, or an exec plugin. */
public final class KubeconfigUser {
  private final JsonObject user;

  private KubeconfigUser(JsonObject user) {
    this.user = user;
  }

  JsonObject json() {
    return user.deepCopy();
  }

  public static KubeconfigUser token(String token) {
    JsonObject u = new JsonObject();
    u.addProperty("token", token);
    return new KubeconfigUser(u);
  }

  public static KubeconfigUser clientCertificate(CertificateAuthority.Issued cert) {
    JsonObject u = new JsonObject();
    u.addProperty("client-certificate-data", base64(cert.certificatePem()));
    u.addProperty("client-key-data", base64(cert.keyPem()));
    return new KubeconfigUser(u);
  }

  /** An exec credential plugin (as {@code aws eks get-token} is configured). */
  public static KubeconfigUser exec(String command, List<String> args, Map<String, String> env) {
    JsonObject exec = new JsonObject();
    exec.addProperty("apiVersion", "client.authentication.k8s.io/v1beta1");
    exec.addProperty("command", command);
    JsonArray a = new JsonArray();
    args.forEach(a::add);
    exec.add("args", a);
    JsonArray e = new JsonArray();
    env.forEach(
        (k, v) -> {
          JsonObject pair = new JsonObject();
          pair.addProperty("name", k);
          pair.addProperty("value", v);
          e.add(pair);
        });
    exec.add("env", e);
    exec.addProperty("interactiveMode", "Never");
    JsonObject u = new JsonObject();
    u.add("exec", exec);
    return new KubeconfigUser(u);
  }

  static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
