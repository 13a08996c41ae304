package dev.hubflow.core.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Go-compatible text forms, JSON, durations, JSONPath and Argo's environment. */
class ValuesTextTest {

  @Test
  void percentVFormatsLikeGo() {
    assertThat(GoText.v(1.0)).isEqualTo("1");
    assertThat(GoText.v(1.5)).isEqualTo("1.5");
    assertThat(GoText.v(1e6)).isEqualTo("1e+06");
    assertThat(GoText.v(123456.0)).isEqualTo("123456");
    assertThat(GoText.v(0.0001)).isEqualTo("0.0001");
    assertThat(GoText.v(0.00001)).isEqualTo("1e-05");
    assertThat(GoText.v(42L)).isEqualTo("42");
    assertThat(GoText.v(null)).isEqualTo("<nil>");
    assertThat(GoText.v(List.of(1L, "a"))).isEqualTo("[1 a]");
    assertThat(GoText.v(Map.of("b", 1L, "a", 2L))).isEqualTo("map[a:2 b:1]");
    assertThat(GoText.v(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(GoText.v(java.time.OffsetDateTime.parse("2024-03-05T10:07:00.5Z")))
        .isEqualTo("2024-03-05 10:07:00.5 +0000 UTC");
  }

  @Test
  void quoteEscapesAsStrconvQuote() {
    assertThat(GoText.quoteInner("a\"b\\c\nd\te")).isEqualTo("a\\\"b\\\\c\\nd\\te");
    assertThat(GoText.quoteInner("\u0007")).isEqualTo("\\a");
    assertThat(GoText.quoteInner("\u0001")).isEqualTo("\\x01");
    assertThat(GoText.quoteInner("héllo ✓")).isEqualTo("héllo ✓");
  }

  @Test
  void jsonMarshalsLikeGo() {
    Map<String, Object> m = new HashMap<>();
    m.put("b", 1.0);
    m.put("a", List.of(1L, 2.5, "x<y", true));
    m.put("c", null);
    assertThat(GoJson.marshal(m))
        .isEqualTo("{\"a\":[1,2.5,\"x\\u003cy\",true],\"b\":1,\"c\":null}");
    assertThat(GoJson.marshal(1e21)).isEqualTo("1e+21");
    assertThat(GoJson.marshal(1e20)).isEqualTo("100000000000000000000");
    assertThat(GoJson.marshal(List.of())).isEqualTo("[]");
    assertThat(GoJson.marshalIndent(Map.of("a", List.of(1L)), "  "))
        .isEqualTo("{\n  \"a\": [\n    1\n  ]\n}");
  }

  @Test
  void jsonUnmarshalsNumbersAsFloats() {
    assertThat(GoJson.unmarshal(" {\"a\": [1, -2.5e1, \"\\u00e9\\n\"], \"b\": null} "))
        .isEqualTo(mapOf("a", List.of(1.0, -25.0, "é\n"), "b", null));
    assertThatThrownBy(() -> GoJson.unmarshal("{\"a\":")).isInstanceOf(ExpressionException.class);
    assertThatThrownBy(() -> GoJson.unmarshal("[1] x"))
        .hasMessageContaining("after top-level value");
  }

  private static Map<String, Object> mapOf(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new HashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  @Test
  void durationsParseAndPrintAsGo() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("-300ms")).isEqualTo(Duration.ofMillis(-300));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1.5s");
    assertThat(Durations.format(Duration.ofHours(2))).isEqualTo("2h0m0s");
    assertThat(Durations.format(Duration.ofMillis(5))).isEqualTo("5ms");
    assertThatThrownBy(() -> Durations.parse("5x")).hasMessageContaining("invalid duration");
  }

  @Test
  void jsonPathSelectsDefiniteValuesAndLists() {
    Object doc =
        GoJson.unmarshal("{\"a\": {\"b\": [1, 2, 3]}, \"c\": [{\"v\": \"x\"}, {\"v\": \"y\"}]}");
    assertThat(JsonPath.query("$.a.b[0]", doc)).isEqualTo(1.0);
    assertThat(JsonPath.query("$.a.b[-1]", doc)).isEqualTo(3.0);
    assertThat(JsonPath.query("$['a']['b']", doc)).isEqualTo(List.of(1.0, 2.0, 3.0));
    assertThat(JsonPath.query("$.c[*].v", doc)).isEqualTo(List.of("x", "y"));
    assertThat(JsonPath.query("$..v", doc)).isEqualTo(List.of("x", "y"));
    assertThat(JsonPath.query("$.a.b[0:2]", doc)).isEqualTo(List.of(1.0, 2.0));
    assertThat(JsonPath.query("$", doc)).isEqualTo(doc);
    assertThatThrownBy(() -> JsonPath.query("$.nope", doc)).hasMessageContaining("not found");
  }

  @Test
  void argoEnvNestsDottedNamesAndPrefersTheMoreSpecific() {
    Map<String, Object> flat = new HashMap<>();
    flat.put("inputs.parameters.x", "1");
    flat.put("item", "{\"a\":\"1\"}");
    flat.put("item.a", "1");
    flat.put("workflow.name", "wf");
    Map<String, Object> env = ExprEnv.argo(flat);
    assertThat(Expr.evaluate("inputs.parameters.x", env)).isEqualTo("1");
    assertThat(Expr.evaluate("inputs.parameters['x']", env)).isEqualTo("1");
    assertThat(Expr.evaluate("item.a", env)).isEqualTo("1");
    assertThat(Expr.evaluate("workflow.name", env)).isEqualTo("wf");
    assertThat(Expr.evaluate("asInt('3') + asFloat('0.5')", env)).isEqualTo(3.5);
    assertThat(Expr.evaluate("toJson([1, 'a'])", env)).isEqualTo("[1,\"a\"]");
    assertThat(Expr.evaluate("jsonpath('{\"a\": 2}', '$.a')", env)).isEqualTo(2.0);
  }
}
