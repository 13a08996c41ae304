package dev.hubflow.core.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SprigTest {

  private static Object sprig(String call) {
    return Expr.evaluate("sprig." + call, ExprEnv.argo(Map.of("s", "  Hello World  ")));
  }

  @Test
  void stringFunctionsTakeTheSubjectLast() {
    assertThat(sprig("trim(s)")).isEqualTo("Hello World");
    assertThat(sprig("upper('a')")).isEqualTo("A");
    assertThat(sprig("lower('A')")).isEqualTo("a");
    assertThat(sprig("title('hello world')")).isEqualTo("Hello World");
    assertThat(sprig("replace('bar', 'baz', 'foobar')")).isEqualTo("foobaz");
    assertThat(sprig("trimAll('$', '$5.00$')")).isEqualTo("5.00");
    assertThat(sprig("trimPrefix('-', '-x')")).isEqualTo("x");
    assertThat(sprig("trimSuffix('-', 'x-')")).isEqualTo("x");
    assertThat(sprig("contains('cat', 'catch')")).isEqualTo(true);
    assertThat(sprig("hasPrefix('ca', 'catch')")).isEqualTo(true);
    assertThat(sprig("hasSuffix('ch', 'catch')")).isEqualTo(true);
    assertThat(sprig("repeat(3, 'ab')")).isEqualTo("ababab");
    assertThat(sprig("quote('a\"b')")).isEqualTo("\"a\\\"b\"");
    assertThat(sprig("squote('a')")).isEqualTo("'a'");
    assertThat(sprig("cat('a', 1, 'b')")).isEqualTo("a 1 b");
    assertThat(sprig("nospace('a b\\tc')")).isEqualTo("abc");
    assertThat(sprig("trunc(3, 'abcdef')")).isEqualTo("abc");
    assertThat(sprig("substr(1, 3, 'abcdef')")).isEqualTo("bc");
    assertThat(sprig("indent(2, 'a\\nb')")).isEqualTo("  a\n  b");
    assertThat(sprig("splitList(',', 'a,b')")).isEqualTo(List.of("a", "b"));
    assertThat(sprig("split(',', 'a,b')")).isEqualTo(Map.of("_0", "a", "_1", "b"));
    assertThat(sprig("join('-', ['a', 1])")).isEqualTo("a-1");
    assertThat(sprig("toString(1.5)")).isEqualTo("1.5");
    assertThat(sprig("regexMatch('^a.c$', 'abc')")).isEqualTo(true);
    assertThat(sprig("regexReplaceAll('a(x*)b', '-ab-axxb-', '${1}W')")).isEqualTo("-W-xxW-");
  }

  @Test
  void arithmeticIsInt64LikeSprig() {
    assertThat(sprig("add(1, 2.9, '3')")).isEqualTo(6L);
    assertThat(sprig("add1(1)")).isEqualTo(2L);
    assertThat(sprig("sub(5, 2)")).isEqualTo(3L);
    assertThat(sprig("mul(2, 3, 4)")).isEqualTo(24L);
    assertThat(sprig("div(7, 2)")).isEqualTo(3L);
    assertThat(sprig("mod(7, 2)")).isEqualTo(1L);
    assertThat(sprig("max(1, 5, 3)")).isEqualTo(5L);
    assertThat(sprig("min(4, 2.5, 3)")).isEqualTo(2L);
    assertThat(sprig("int('42')")).isEqualTo(42L);
    assertThat(sprig("int('nope')")).isEqualTo(0L);
    assertThat(sprig("int64(3.7)")).isEqualTo(3L);
    assertThat(sprig("float64('1.5')")).isEqualTo(1.5);
    assertThat(sprig("atoi('12')")).isEqualTo(12L);
    assertThat(sprig("addf(1, 0.5)")).isEqualTo(1.5);
    assertThat(sprig("divf(1, 4)")).isEqualTo(0.25);
  }

  @Test
  void defaultsAndEmptiness() {
    assertThat(sprig("default('d', '')")).isEqualTo("d");
    assertThat(sprig("default('d', 'v')")).isEqualTo("v");
    assertThat(sprig("default('d', nil)")).isEqualTo("d");
    assertThat(sprig("empty('')")).isEqualTo(true);
    assertThat(sprig("empty(0)")).isEqualTo(true);
    assertThat(sprig("empty([])")).isEqualTo(true);
    assertThat(sprig("empty('x')")).isEqualTo(false);
    assertThat(sprig("coalesce('', nil, 'x')")).isEqualTo("x");
    assertThat(sprig("ternary('y', 'n', true)")).isEqualTo("y");
  }

  @Test
  void listsAndDicts() {
    assertThat(sprig("list(1, 'a')")).isEqualTo(List.of(1L, "a"));
    assertThat(sprig("first([1, 2])")).isEqualTo(1L);
    assertThat(sprig("last([1, 2])")).isEqualTo(2L);
    assertThat(sprig("has(2, [1, 2])")).isEqualTo(true);
    assertThat(sprig("uniq([1, 1, 2])")).isEqualTo(List.of(1L, 2L));
    assertThat(sprig("dict('a', 1, 'b')")).isEqualTo(Map.of("a", 1L, "b", ""));
    assertThat(sprig("get({a: 1}, 'a')")).isEqualTo(1L);
    assertThat(sprig("get({a: 1}, 'b')")).isEqualTo("");
    assertThat(sprig("hasKey({a: 1}, 'a')")).isEqualTo(true);
    assertThat(sprig("keys({a: 1})")).isEqualTo(List.of("a"));
  }

  @Test
  void encodingsAndDates() {
    assertThat(sprig("b64enc('hi')")).isEqualTo("aGk=");
    assertThat(sprig("b64dec('aGk=')")).isEqualTo("hi");
    assertThat(sprig("sha256sum('')"))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(sprig("toJson({b: 1, a: '<'})")).isEqualTo("{\"a\":\"\\u003c\",\"b\":1}");
    assertThat(sprig("toPrettyJson([1])")).isEqualTo("[\n  1\n]");
    assertThat(sprig("fromJson('{\"a\": 1}')")).isEqualTo(Map.of("a", 1.0));
    assertThat(sprig("date('2006-01-02 15:04', '2024-03-05T10:07:00Z')"))
        .isEqualTo("2024-03-05 10:07");
    assertThat(sprig("date('Jan 2, 2006', '2024-03-05T10:07:00Z')")).isEqualTo("Mar 5, 2024");
    assertThat(sprig("unixEpoch('1970-01-01T00:01:00Z')")).isEqualTo("60");
  }
}
