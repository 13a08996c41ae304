package dev.hubflow.core.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExprTest {

  private static Object eval(String e) {
    return Expr.evaluate(e, Map.of());
  }

  private static Object eval(String e, Map<String, ?> env) {
    return Expr.evaluate(e, env);
  }

  @Test
  void literalsHaveGoTypes() {
    assertThat(eval("42")).isEqualTo(42L);
    assertThat(eval("1_000")).isEqualTo(1000L);
    assertThat(eval("0x1F")).isEqualTo(31L);
    assertThat(eval("1.5")).isEqualTo(1.5);
    assertThat(eval("1e3")).isEqualTo(1000.0);
    assertThat(eval("'a\\nb'")).isEqualTo("a\nb");
    assertThat(eval("\"x\"")).isEqualTo("x");
    assertThat(eval("`raw\\n`")).isEqualTo("raw\\n");
    assertThat(eval("true")).isEqualTo(true);
    assertThat(eval("nil")).isNull();
    assertThat(eval("[1, 'a', [2]]")).isEqualTo(List.of(1L, "a", List.of(2L)));
    assertThat(eval("{a: 1, 'b': 2, (1+1): 3}")).isEqualTo(Map.of("a", 1L, "b", 2L, "2", 3L));
  }

  @Test
  void arithmeticKeepsIntsAndDividesToFloat() {
    assertThat(eval("1 + 2 * 3")).isEqualTo(7L);
    assertThat(eval("7 / 2")).isEqualTo(3.5);
    assertThat(eval("7 % 4")).isEqualTo(3L);
    assertThat(eval("1 + 1.5")).isEqualTo(2.5);
    assertThat(eval("2 ** 3")).isEqualTo(8.0);
    assertThat(eval("2 ^ 3 ^ 2")).isEqualTo(512.0);
    assertThat(eval("-3 + +1")).isEqualTo(-2L);
    assertThat(eval("10 - 2 - 3")).isEqualTo(5L);
    assertThat(eval("'a' + 'b'")).isEqualTo("ab");
    assertThatThrownBy(() -> eval("'a' + 1"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("invalid operation: + (mismatched types string and int)");
    assertThatThrownBy(() -> eval("1 % 0")).hasMessageContaining("integer divide by zero");
  }

  @Test
  void comparisonsCompareNumbersAcrossIntAndFloat() {
    assertThat(eval("1 == 1.0")).isEqualTo(true);
    assertThat(eval("1 != 2")).isEqualTo(true);
    assertThat(eval("'a' < 'b'")).isEqualTo(true);
    assertThat(eval("1 < 2 < 3")).isEqualTo(true);
    assertThat(eval("3 >= 3 && 2 <= 1")).isEqualTo(false);
    assertThatThrownBy(() -> eval("'1' == 1")).hasMessageContaining("mismatched types");
    assertThat(eval("nil == nil")).isEqualTo(true);
    assertThat(eval("[1, 2] == [1, 2]")).isEqualTo(true);
    assertThatThrownBy(() -> eval("'a' < 1")).hasMessageContaining("invalid operation");
  }

  @Test
  void comparingKnownIncomparableTypesIsAnErrorLikeExprCompile() {
    assertThatThrownBy(() -> eval("retries == 1", Map.of("retries", "1")))
        .hasMessageContaining("invalid operation: == (mismatched types string and int)");
    assertThatThrownBy(() -> eval("'a' != true"))
        .hasMessageContaining("mismatched types string and bool");
    // members of maps have no static type: compared at run time, unequal
    assertThat(eval("inputs.x == 1", Map.of("inputs", Map.of("x", "1")))).isEqualTo(false);
    assertThat(eval("1 == 1.0")).isEqualTo(true);
    assertThat(eval("filter(['a'], # == 1)")).isEqualTo(List.of());
  }

  @Test
  void logicalOperatorsInBothSpellingsShortCircuit() {
    assertThat(eval("true and not false")).isEqualTo(true);
    assertThat(eval("false or !false")).isEqualTo(true);
    assertThat(eval("false && (1 / 0 > 'x')")).isEqualTo(false);
    assertThat(eval("true || undefinedName")).isEqualTo(true);
  }

  @Test
  void stringOperators() {
    assertThat(eval("'main.log' endsWith 'log'")).isEqualTo(true);
    assertThat(eval("'abc' startsWith 'ab'")).isEqualTo(true);
    assertThat(eval("'abc' contains 'bc'")).isEqualTo(true);
    assertThat(eval("'abc' matches '^a.c$'")).isEqualTo(true);
    assertThat(eval("'abc' not matches 'z'")).isEqualTo(true);
    assertThat(eval("'abc' not contains 'b'")).isEqualTo(false);
  }

  @Test
  void inLooksInListsAndMapKeys() {
    assertThat(eval("2 in [1, 2]")).isEqualTo(true);
    assertThat(eval("'a' in {a: 1}")).isEqualTo(true);
    assertThat(eval("3 not in [1, 2]")).isEqualTo(true);
    assertThat(eval("1 in nil")).isEqualTo(false);
  }

  @Test
  void rangesCoalesceAndTernaries() {
    assertThat(eval("1..3")).isEqualTo(List.of(1L, 2L, 3L));
    assertThat(eval("3..1")).isEqualTo(List.of());
    assertThat(eval("nil ?? 'x'")).isEqualTo("x");
    assertThat(eval("'y' ?? 'x'")).isEqualTo("y");
    assertThat(eval("1 > 2 ? 'a' : 'b'")).isEqualTo("b");
    assertThat(eval("true ? 1 : false ? 2 : 3")).isEqualTo(1L);
    assertThat(eval("if 1 > 2 { 'a' } else { 'b' }")).isEqualTo("b");
    assertThat(eval("let x = 2; x * x")).isEqualTo(4L);
    assertThatThrownBy(() -> eval("nil ?? 1 + 2")).hasMessageContaining("cannot be mixed");
  }

  @Test
  void memberAccessByDotBracketAndIndex() {
    Map<String, Object> env =
        Map.of(
            "a", Map.of("b", Map.of("c", "deep"), "list", List.of(10L, 20L, 30L)),
            "steps", Map.of("flip-coin", Map.of("outputs", Map.of("result", "heads"))));
    assertThat(eval("a.b.c", env)).isEqualTo("deep");
    assertThat(eval("a['b']['c']", env)).isEqualTo("deep");
    assertThat(eval("a.list[0]", env)).isEqualTo(10L);
    assertThat(eval("a.list[-1]", env)).isEqualTo(30L);
    assertThat(eval("a.list[1:]", env)).isEqualTo(List.of(20L, 30L));
    assertThat(eval("a.list[:1]", env)).isEqualTo(List.of(10L));
    assertThat(eval("steps['flip-coin'].outputs.result", env)).isEqualTo("heads");
    assertThat(eval("a.missing", env)).isNull();
    assertThat(eval("a.missing?.x", env)).isNull();
    assertThat(eval("a.missing?.x.y", env)).isNull();
    assertThat(eval("a.missing.x ?? 'd'", env)).isEqualTo("d");
    assertThatThrownBy(() -> eval("a.list[5]", env)).hasMessageContaining("index out of range");
    assertThatThrownBy(() -> eval("nope", env))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("unknown name nope (1:1)");
    assertThatThrownBy(() -> eval("a.missing.x", env))
        .hasMessageContaining("cannot fetch x from <nil>");
  }

  @Test
  void closuresOverPointer() {
    assertThat(eval("filter([1, 2, 3], {# > 1})")).isEqualTo(List.of(2L, 3L));
    assertThat(eval("filter([1, 2, 3], # > 1)")).isEqualTo(List.of(2L, 3L));
    assertThat(eval("map([1, 2], # * 10)")).isEqualTo(List.of(10L, 20L));
    assertThat(eval("map([1, 2], #index)")).isEqualTo(List.of(0L, 1L));
    assertThat(eval("all([1, 2], # > 0)")).isEqualTo(true);
    assertThat(eval("any([1, 2], # > 1)")).isEqualTo(true);
    assertThat(eval("none([1, 2], # > 2)")).isEqualTo(true);
    assertThat(eval("one([1, 2], # > 1)")).isEqualTo(true);
    assertThat(eval("count([1, 2, 3], # > 1)")).isEqualTo(2L);
    assertThat(eval("sum([1, 2, 3])")).isEqualTo(6L);
    assertThat(eval("find([1, 2, 3], # > 1)")).isEqualTo(2L);
    assertThat(eval("findIndex([1, 2, 3], # > 1)")).isEqualTo(1L);
    assertThat(eval("reduce([1, 2, 3], #acc + #, 10)")).isEqualTo(16L);
    assertThat(eval("map([{n: 1}, {n: 2}], .n)")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("sortBy([{n: 2}, {n: 1}], .n)"))
        .isEqualTo(List.of(Map.of("n", 1L), Map.of("n", 2L)));
    assertThat(eval("groupBy([1, 2, 3], # % 2)"))
        .isEqualTo(Map.of("1", List.of(1L, 3L), "0", List.of(2L)));
    assertThat(eval("filter(['a.py', 'main.log'], {# endsWith \".py\"})"))
        .isEqualTo(List.of("a.py"));
    assertThat(eval("[1, 2, 3] | filter(# > 1) | map(# * 2)")).isEqualTo(List.of(4L, 6L));
  }

  @Test
  void builtins() {
    assertThat(eval("len('héllo')")).isEqualTo(6L);
    assertThat(eval("len([1, 2])")).isEqualTo(2L);
    assertThat(eval("int('42')")).isEqualTo(42L);
    assertThat(eval("int(3.9)")).isEqualTo(3L);
    assertThat(eval("float('1.5')")).isEqualTo(1.5);
    assertThat(eval("string(1.5)")).isEqualTo("1.5");
    assertThat(eval("string(1000000.0)")).isEqualTo("1e+06");
    assertThat(eval("trim('  x ')")).isEqualTo("x");
    assertThat(eval("trim('xxaxx', 'x')")).isEqualTo("a");
    assertThat(eval("upper('a') + lower('B')")).isEqualTo("Ab");
    assertThat(eval("split('a,b', ',')")).isEqualTo(List.of("a", "b"));
    assertThat(eval("join(['a', 'b'], '-')")).isEqualTo("a-b");
    assertThat(eval("replace('aaa', 'a', 'b')")).isEqualTo("bbb");
    assertThat(eval("keys({a: 1})")).isEqualTo(List.of("a"));
    assertThat(eval("values({a: 1})")).isEqualTo(List.of(1L));
    assertThat(eval("toJSON({b: 1, a: [1, 'x']})"))
        .isEqualTo("{\n  \"a\": [\n    1,\n    \"x\"\n  ],\n  \"b\": 1\n}");
    assertThat(eval("fromJSON('{\"a\": [1, 2.5]}')")).isEqualTo(Map.of("a", List.of(1.0, 2.5)));
    assertThat(eval("toBase64('hi')")).isEqualTo("aGk=");
    assertThat(eval("fromBase64('aGk=')")).isEqualTo("hi");
    assertThat(eval("max(1, 3, 2)")).isEqualTo(3L);
    assertThat(eval("min([4, 2])")).isEqualTo(2L);
    assertThat(eval("first([1, 2])")).isEqualTo(1L);
    assertThat(eval("last([1, 2])")).isEqualTo(2L);
    assertThat(eval("get({a: 1}, 'b')")).isNull();
    assertThat(eval("concat(['always'], ['test'])")).isEqualTo(List.of("always", "test"));
    assertThat(eval("duration('1h30m')")).isEqualTo(Duration.ofMinutes(90));
    assertThat(eval("abs(-2)")).isEqualTo(2L);
    assertThat(eval("round(2.5)")).isEqualTo(3.0);
  }

  @Test
  void moreBuiltins() {
    assertThat(eval("sum([1, 2, 3], # * 2)")).isEqualTo(12L);
    assertThat(eval("sum([1, 2.5])")).isEqualTo(3.5);
    assertThat(eval("count([true, false, true])")).isEqualTo(2L);
    assertThat(eval("reduce([1, 2, 3], #acc + #)")).isEqualTo(6L);
    assertThat(eval("findLast([1, 2, 3], # < 3)")).isEqualTo(2L);
    assertThat(eval("findLastIndex([1, 2, 3], # < 3)")).isEqualTo(1L);
    assertThat(eval("find([1], # > 5)")).isNull();
    assertThat(eval("take([1, 2, 3], 2)")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("uniq([1, 1, 2])")).isEqualTo(List.of(1L, 2L));
    assertThat(eval("flatten([1, [2, [3]]])")).isEqualTo(List.of(1L, 2L, 3L));
    assertThat(eval("sort([3, 1, 2])")).isEqualTo(List.of(1L, 2L, 3L));
    assertThat(eval("sort([3, 1, 2], 'desc')")).isEqualTo(List.of(3L, 2L, 1L));
    assertThat(eval("reverse([1, 2])")).isEqualTo(List.of(2L, 1L));
    assertThat(eval("toPairs({a: 1})")).isEqualTo(List.of(List.of("a", 1L)));
    assertThat(eval("fromPairs([['a', 1]])")).isEqualTo(Map.of("a", 1L));
    assertThat(eval("mean([1, 2])")).isEqualTo(1.5);
    assertThat(eval("median([3, 1, 2])")).isEqualTo(2.0);
    assertThat(eval("splitAfter('a,b', ',')")).isEqualTo(List.of("a,", "b"));
    assertThat(eval("split('a,b,c', ',', 2)")).isEqualTo(List.of("a", "b,c"));
    assertThat(eval("repeat('ab', 2)")).isEqualTo("abab");
    assertThat(eval("indexOf('abcb', 'b')")).isEqualTo(1L);
    assertThat(eval("lastIndexOf('abcb', 'b')")).isEqualTo(3L);
    assertThat(eval("hasPrefix('abc', 'ab') && hasSuffix('abc', 'bc')")).isEqualTo(true);
    assertThat(eval("trimPrefix('abc', 'a') + trimSuffix('abc', 'c')")).isEqualTo("bcab");
    assertThat(eval("bitand(6, 3) + bitor(4, 1) + bitxor(3, 1) + bitshl(1, 3)")).isEqualTo(17L);
    assertThat(eval("bitnot(0)")).isEqualTo(-1L);
    assertThat(eval("type(1) + type(1.0) + type('') + type(nil)")).isEqualTo("intfloatstringnil");
    assertThat(eval("ceil(1.2) + floor(1.8)")).isEqualTo(3.0);
    assertThat(eval("string(nil)")).isEqualTo("<nil>");
    assertThat(eval("date('2024-03-05').Year()")).isEqualTo(2024L);
    assertThat(eval("date('05/03/2024', '02/01/2006').Month()")).isEqualTo(3L);
    assertThat(eval("duration('90s').String()")).isEqualTo("1m30s");
    assertThat(eval("keys({})")).isEqualTo(List.of());
    assertThatThrownBy(() -> eval("int('1.5')"))
        .hasMessageContaining("invalid operation: int(1.5)");
    assertThatThrownBy(() -> eval("len(1)")).hasMessageContaining("invalid argument for len");
  }

  @Test
  void gsonTreesInTheEnvironmentReadAsTheirJson() {
    Object item = dev.hubflow.model.Codec.readTrees("{\"name\": \"a\", \"n\": 2}", "item").get(0);
    assertThat(eval("item.name + string(item.n)", Map.of("item", item))).isEqualTo("a2");
  }

  @Test
  void commentsSequencesAndOptionalChains() {
    assertThat(eval("1 + /* two */ 2 // end")).isEqualTo(3L);
    assertThat(eval("1; 2")).isEqualTo(2L);
    Map<String, Object> env = new HashMap<>();
    env.put("a", null);
    assertThat(eval("a?.b", env)).isNull();
    assertThat(eval("a?.b.c", env)).isNull();
    assertThat(eval("a?.['b']", env)).isNull();
    assertThat(eval("a ?? 'x'", env)).isEqualTo("x");
  }

  @Test
  void nowComesFromTheCallerNotTheClock() {
    Map<String, Object> env = new HashMap<>();
    env.put("last", java.time.OffsetDateTime.parse("2024-01-01T00:00:00Z"));
    Instant now = Instant.parse("2024-01-01T00:10:00Z");
    assertThat(Expr.evaluate("(now() - last).Seconds() > 360", env, now)).isEqualTo(true);
    assertThat(Expr.evaluate("(now() - last).Minutes()", env, now)).isEqualTo(10.0);
    assertThatThrownBy(() -> Expr.evaluate("now()", env)).hasMessageContaining("needs a clock");
  }

  @Test
  void syntaxErrorsSayWhere() {
    assertThatThrownBy(() -> Expr.check("1 +"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("unexpected token EOF");
    assertThatThrownBy(() -> Expr.check("(1 + 2")).hasMessageContaining("unexpected token EOF");
    assertThatThrownBy(() -> Expr.check("'abc")).hasMessageContaining("literal not terminated");
    assertThatThrownBy(() -> Expr.check("a ! b")).hasMessageContaining("unexpected token");
    assertThatThrownBy(() -> Expr.check("1 @ 2")).hasMessageContaining("unrecognized character");
  }

  @Test
  void identifiersListsVariablesAndMemberPaths() {
    assertThat(Expr.identifiers("inputs.parameters['x'] == 'a' && asInt(retries) > 1"))
        .containsExactly("inputs", "inputs.parameters", "inputs.parameters.x", "asInt", "retries");
    assertThat(Expr.identifiers("tasks.A.outputs.result ?? 'x'")).containsExactly("tasks");
    assertThat(Expr.identifiers("filter(items, #.x > 1)")).containsExactly("items");
  }

  @Test
  void hasVariableFollowsFlatThenNestedKeys() {
    Map<String, Object> env = Map.of("a", Map.of("b", Map.of("c", 1L)), "x.y", "z");
    assertThat(Expr.hasVariable(env, "a.b.c")).isTrue();
    assertThat(Expr.hasVariable(env, "a.b.d")).isFalse();
    assertThat(Expr.hasVariable(env, "x.y")).isTrue();
    assertThat(Expr.hasVariable(env, "q")).isFalse();
  }
}
