package dev.hubflow.testkit.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hubflow.testkit.apiserver.auth.Authenticator;
import dev.hubflow.testkit.apiserver.auth.UserInfo;
import dev.hubflow.testkit.apiserver.store.BuiltinTypes;
import dev.hubflow.testkit.apiserver.store.Json;
import dev.hubflow.testkit.apiserver.tls.CertificateAuthority;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST API as raw HTTP: status codes, watch streams, authentication and faults. */
class HttpApiIT {
  private final List<ApiServer> servers = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() {
    servers.forEach(ApiServer::close);
  }

  private ApiServer start(ApiServer.Builder b) {
    ApiServer s = b.start();
    servers.add(s);
    return s;
  }

  private static JsonObject json(String text) {
    return JsonParser.parseString(text.replace('\'', '"')).getAsJsonObject();
  }

  private HttpResponse<String> send(
      HttpClient client, String method, String url, String body, String contentType)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return send(http, "GET", url, null, null);
  }

  private static JsonObject body(HttpResponse<String> r) {
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  /** Reads watch lines in the background. */
  private List<JsonObject> watch(String url) throws Exception {
    HttpResponse<InputStream> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    List<JsonObject> lines = new CopyOnWriteArrayList<>();
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(JsonParser.parseString(line).getAsJsonObject());
                }
                lines.add(json("{'type':'END'}"));
              } catch (IOException e) {
                lines.add(json("{'type':'END'}"));
              }
            });
    t.setDaemon(true);
    t.start();
    return lines;
  }

  private static List<String> types(List<JsonObject> events) {
    return events.stream().map(e -> Json.str(e, "type")).toList();
  }

  @Test
  void errorsAreStatusObjectsWithTheRealReasons() throws Exception {
    ApiServer s = start(ApiServer.builder("errors"));
    String cms = s.url() + "/api/v1/namespaces/default/configmaps";
    HttpResponse<String> missing = get(cms + "/nope");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(body(missing))
        .isEqualTo(
            json(
                "{'kind':'Status','apiVersion':'v1','metadata':{},'status':'Failure',"
                    + "'message':'configmaps \\\"nope\\\" not found','reason':'NotFound',"
                    + "'details':{'name':'nope','kind':'configmaps'},'code':404}"));
    String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}";
    assertThat(send(http, "POST", cms, cm, "application/json").statusCode()).isEqualTo(201);
    HttpResponse<String> dup = send(http, "POST", cms, cm, "application/json");
    assertThat(dup.statusCode()).isEqualTo(409);
    assertThat(Json.str(body(dup), "reason")).isEqualTo("AlreadyExists");
    HttpResponse<String> stale =
        send(
            http,
            "PUT",
            cms + "/a",
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"resourceVersion\":\"1\"}}",
            "application/json");
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(Json.str(body(stale), "reason")).isEqualTo("Conflict");
    HttpResponse<String> invalid =
        send(http, "POST", cms, "{\"metadata\":{\"name\":\"Not_Valid\"}}", "application/json");
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(Json.str(body(invalid), "reason")).isEqualTo("Invalid");
    assertThat(get(s.url() + "/apis/example.com/v1/widgets").statusCode()).isEqualTo(404);

    HttpResponse<String> table =
        http.send(
            HttpRequest.newBuilder(URI.create(cms))
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(Json.str(body(table), "kind")).isEqualTo("Table");
    assertThat(Json.arr(body(table), "rows")).hasSize(1);

    HttpResponse<String> deleted = send(http, "DELETE", cms + "?labelSelector=", null, null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    assertThat(
            s.store()
                .list(
                    BuiltinTypes.CONFIGMAPS,
                    "default",
                    dev.hubflow.testkit.apiserver.store.ListOptions.all())
                .items())
        .isEmpty();
  }

  @Test
  void watchOverHttpResumesSendsBookmarksAndAnswers410ForOldVersions() throws Exception {
    ApiServer s = start(ApiServer.builder("watches").bookmarkInterval(Duration.ofMillis(100)));
    String cms = s.url() + "/api/v1/namespaces/default/configmaps";
    JsonObject a =
        s.store().create(BuiltinTypes.CONFIGMAPS, "default", json("{'metadata':{'name':'a'}}"));
    String rvA = Json.str(Json.meta(a), "resourceVersion");
    s.store().create(BuiltinTypes.CONFIGMAPS, "default", json("{'metadata':{'name':'b'}}"));

    List<JsonObject> resumed =
        watch(cms + "?watch=1&resourceVersion=" + rvA + "&allowWatchBookmarks=true");
    await().until(() -> types(resumed).contains("BOOKMARK"));
    assertThat(
            resumed
                .get(0)
                .getAsJsonObject("object")
                .getAsJsonObject("metadata")
                .get("name")
                .getAsString())
        .isEqualTo("b");
    assertThat(types(resumed).get(0)).isEqualTo("ADDED");
    JsonObject bookmark =
        resumed.stream()
            .filter(e -> Json.str(e, "type").equals("BOOKMARK"))
            .findFirst()
            .orElseThrow();
    assertThat(Json.str(Json.meta(bookmark.getAsJsonObject("object")), "resourceVersion"))
        .isEqualTo(Long.toString(s.store().revision()));

    List<JsonObject> byPath =
        watch(
            s.url()
                + "/api/v1/watch/namespaces/default/configmaps?resourceVersion="
                + s.store().revision());
    s.store().delete(BuiltinTypes.CONFIGMAPS, "default", "b");
    await().until(() -> types(byPath).contains("DELETED"));

    s.store().compact();
    List<JsonObject> gone = watch(cms + "?watch=true&resourceVersion=" + rvA);
    await().until(() -> types(gone).contains("END"));
    assertThat(types(gone)).containsExactly("ERROR", "END");
    assertThat(gone.get(0).getAsJsonObject("object").get("code").getAsInt()).isEqualTo(410);

    List<JsonObject> timed = watch(cms + "?watch=1&timeoutSeconds=1");
    await().atMost(Duration.ofSeconds(10)).until(() -> types(timed).contains("END"));

    List<JsonObject> selected =
        watch(cms + "?watch=1&labelSelector=app%3Dx&resourceVersion=" + s.store().revision());
    s.store()
        .create(
            BuiltinTypes.CONFIGMAPS,
            "default",
            json("{'metadata':{'name':'c','labels':{'app':'y'}}}"));
    s.store()
        .create(
            BuiltinTypes.CONFIGMAPS,
            "default",
            json("{'metadata':{'name':'d','labels':{'app':'x'}}}"));
    await().until(() -> types(selected).contains("ADDED"));
    assertThat(selected).hasSize(1);
    assertThat(Json.str(Json.meta(selected.get(0).getAsJsonObject("object")), "name"))
        .isEqualTo("d");
  }

  @Test
  void faultsDelayFailDropAndTakeTheClusterAway() throws Exception {
    ApiServer s = start(ApiServer.builder("faults"));
    String pods = s.url() + "/api/v1/namespaces/default/pods";

    s.faults().latency(Duration.ofMillis(300));
    long t0 = System.nanoTime();
    assertThat(get(pods).statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isGreaterThanOrEqualTo(Duration.ofMillis(300));
    s.faults().latency(Duration.ZERO);

    s.faults().errorRate(1.0, 429);
    HttpResponse<String> throttled = get(pods);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.headers().firstValue("Retry-After")).contains("1");
    assertThat(Json.str(body(throttled), "reason")).isEqualTo("TooManyRequests");
    s.faults().errorRate(0.0, 500);

    s.faults().failNext(2, 503);
    assertThat(get(pods).statusCode()).isEqualTo(503);
    assertThat(get(pods).statusCode()).isEqualTo(503);
    assertThat(get(pods).statusCode()).isEqualTo(200);

    List<JsonObject> w = watch(pods + "?watch=1");
    await().until(() -> s.httpWatchCount() == 1);
    s.faults().dropWatches();
    await().until(() -> types(w).contains("END"));

    s.faults().goneOnNextWatch();
    List<JsonObject> gone = watch(pods + "?watch=1&resourceVersion=" + s.store().revision());
    await().until(() -> types(gone).contains("END"));
    assertThat(gone.get(0).getAsJsonObject("object").get("code").getAsInt()).isEqualTo(410);

    s.faults().unreachable();
    assertThatThrownBy(() -> get(pods)).isInstanceOf(ConnectException.class);
    s.faults().reachable();
    assertThat(get(pods).statusCode()).isEqualTo(200);

    s.faults().unreachableFor(Duration.ofMillis(500));
    assertThat(s.isReachable()).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(s::isReachable);
    assertThat(get(pods).statusCode()).isEqualTo(200);
    assertThat(s.counters().count("list", "pods")).isGreaterThanOrEqualTo(3);
  }

  @Test
  void bindingAssignsANodeOnceAndListsPaginate() throws Exception {
    ApiServer s = start(ApiServer.builder("binding"));
    String pods = s.url() + "/api/v1/namespaces/default/pods";
    for (String name : List.of("a", "b", "c")) {
      s.store()
          .create(
              BuiltinTypes.PODS,
              "default",
              json(
                  "{'metadata':{'name':'"
                      + name
                      + "'},'spec':{'containers':[{'name':'main','image':'i'}]}}"));
    }
    String binding =
        "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"a\"},"
            + "\"target\":{\"kind\":\"Node\",\"name\":\"node-1\"}}";
    assertThat(send(http, "POST", pods + "/a/binding", binding, "application/json").statusCode())
        .isEqualTo(201);
    JsonObject bound = s.store().get(BuiltinTypes.PODS, "default", "a");
    assertThat(Json.str(Json.obj(bound, "spec"), "nodeName")).isEqualTo("node-1");
    assertThat(Json.arr(Json.obj(bound, "status"), "conditions").toString())
        .contains("PodScheduled");
    HttpResponse<String> again =
        send(http, "POST", pods + "/a/binding", binding, "application/json");
    assertThat(again.statusCode()).isEqualTo(409);
    // The namespace's bindings collection (what client-java's createNamespacedBinding posts to)
    // binds the pod the Binding names.
    String bindings = s.url() + "/api/v1/namespaces/default/bindings";
    assertThat(
            send(http, "POST", bindings, binding.replace("\"a\"", "\"b\""), "application/json")
                .statusCode())
        .isEqualTo(201);
    assertThat(
            Json.str(
                Json.obj(s.store().get(BuiltinTypes.PODS, "default", "b"), "spec"), "nodeName"))
        .isEqualTo("node-1");
    assertThat(send(http, "POST", bindings, binding, "application/json").statusCode())
        .isEqualTo(409);
    assertThat(get(bindings).statusCode()).isEqualTo(405);

    HttpResponse<String> page1 = get(pods + "?limit=2");
    JsonObject list1 = body(page1);
    assertThat(Json.arr(list1, "items")).hasSize(2);
    String token = Json.str(Json.meta(list1), "continue");
    assertThat(token).isNotEmpty();
    JsonObject list2 = body(get(pods + "?limit=2&continue=" + token));
    assertThat(Json.arr(list2, "items")).hasSize(1);
    assertThat(Json.str(Json.meta(list2), "continue")).isEmpty();
    JsonObject onNode = body(get(pods + "?fieldSelector=spec.nodeName%3Dnode-1"));
    assertThat(Json.arr(onNode, "items")).hasSize(2);
  }

  @Test
  void clustersAreIndependent() throws Exception {
    ApiServer one = start(ApiServer.builder("one"));
    ApiServer two = start(ApiServer.builder("two"));
    one.store()
        .create(BuiltinTypes.CONFIGMAPS, "default", json("{'metadata':{'name':'only-one'}}"));
    assertThat(get(one.url() + "/api/v1/namespaces/default/configmaps/only-one").statusCode())
        .isEqualTo(200);
    assertThat(get(two.url() + "/api/v1/namespaces/default/configmaps/only-one").statusCode())
        .isEqualTo(404);
    assertThat(one.port()).isNotEqualTo(two.port());
  }

  @Test
  void httpsAuthenticatesTokensAndClientCertificatesAndAuthorizes() throws Exception {
    ApiServer s =
        start(
            ApiServer.builder("secure")
                .https(true)
                .authenticator(
                    Authenticator.staticTokens(
                        Map.of("t-alice", new UserInfo("alice", List.of("dev")))))
                .authorizer(
                    (user, req) -> !(user.name().equals("alice") && req.verb().equals("delete"))));
    CertificateAuthority ca = s.certificateAuthority();
    HttpClient tls = HttpClient.newBuilder().sslContext(context(ca, null)).build();
    String cms = s.url() + "/api/v1/namespaces/default/configmaps";

    HttpResponse<String> anonymous = send(tls, "GET", cms, null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(Json.str(body(anonymous), "reason")).isEqualTo("Unauthorized");

    HttpResponse<String> alice =
        tls.send(
            HttpRequest.newBuilder(URI.create(cms))
                .header("Authorization", "Bearer t-alice")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(alice.statusCode()).isEqualTo(200);
    HttpResponse<String> forbidden =
        tls.send(
            HttpRequest.newBuilder(URI.create(cms + "/x"))
                .header("Authorization", "Bearer t-alice")
                .DELETE()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(Json.str(body(forbidden), "message"))
        .isEqualTo(
            "configmaps \"x\" is forbidden: User \"alice\" cannot delete resource \"configmaps\" in API group \"\" in the namespace \"default\"");
    HttpResponse<String> wrong =
        tls.send(
            HttpRequest.newBuilder(URI.create(cms)).header("Authorization", "Bearer nope").build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(wrong.statusCode()).isEqualTo(401);

    HttpClient withCert =
        HttpClient.newBuilder()
            .sslContext(context(ca, ca.issueClient("bob", "system:masters")))
            .build();
    assertThat(send(withCert, "GET", cms, null, null).statusCode()).isEqualTo(200);
    assertThat(send(tls, "GET", s.url() + "/version", null, null).statusCode()).isEqualTo(200);
  }

  private static SSLContext context(CertificateAuthority ca, CertificateAuthority.Issued client)
      throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", ca.certificate());
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    if (client != null) {
      keys.setKeyEntry(
          "me",
          client.key(),
          "pw".toCharArray(),
          new X509Certificate[] {client.certificate(), ca.certificate()});
    }
    kmf.init(keys, "pw".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }
}
