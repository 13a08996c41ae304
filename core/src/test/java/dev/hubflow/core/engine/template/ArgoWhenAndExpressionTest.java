package dev.hubflow.core.engine.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.core.engine.expr.Expr;
import dev.hubflow.core.engine.expr.ExprEnv;
import dev.hubflow.core.engine.expr.Govaluate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code when}s and expressions of Argo's fixtures, substituted and evaluated as Argo does. */
class ArgoWhenAndExpressionTest {

  private static boolean when(String when, Map<String, ?> values) {
    return Govaluate.isTrue(Template.replaceText(when, values, Unresolved.strict()));
  }

  @Test
  void coinFlipWhenComparesTheStepResult() {
    Map<String, Object> heads = Map.of("steps.flip-coin.outputs.result", "heads");
    assertThat(when("{{steps.flip-coin.outputs.result}} == heads", heads)).isTrue();
    assertThat(when("{{steps.flip-coin.outputs.result}} == tails", heads)).isFalse();
    assertThat(when("{{steps.flip-coin.outputs.result}} =~ hea", heads)).isTrue();
  }

  @Test
  void quotedComparisonsAndStatus() {
    assertThat(
            when(
                "\"{{tasks.check-running.outputs.result}}\" != \"failed\"",
                Map.of("tasks.check-running.outputs.result", "ok")))
        .isTrue();
    assertThat(when("{{status}} == Succeeded", Map.of("status", "Succeeded"))).isTrue();
    assertThat(when("{{workflow.status}} != Succeeded", Map.of("workflow.status", "Failed")))
        .isTrue();
    assertThat(
            when(
                "'{{steps.approval.outputs.parameters.approve}}' == YES",
                Map.of("steps.approval.outputs.parameters.approve", "YES")))
        .isTrue();
  }

  @Test
  void numericWhenComparesAsNumbers() {
    Map<String, Object> v =
        Map.of("steps.iterate-counter.outputs.result", "3", "inputs.parameters.limit", "10");
    assertThat(when("{{steps.iterate-counter.outputs.result}} < {{inputs.parameters.limit}}", v))
        .isTrue();
    assertThat(
            when(
                "{{inputs.parameters.num}} != 1 && {{inputs.parameters.num}} != 2",
                Map.of("inputs.parameters.num", "5")))
        .isTrue();
    assertThat(
            when(
                "{{inputs.parameters.num}} != 1 && {{inputs.parameters.num}} != 2",
                Map.of("inputs.parameters.num", "2")))
        .isFalse();
  }

  @Test
  void itemFieldsInWhen() {
    assertThat(when("{{item.evenness}} == even", Map.of("item.evenness", "even"))).isTrue();
  }

  @Test
  void expressionFormWhens() {
    Map<String, Object> v =
        Map.of(
            "workflow.parameters.json", "[{\"value\": \"true\"}]",
            "inputs.parameters.should-print", "true",
            "workflow.parameters.data", "");
    assertThat(when("{{=jsonpath(workflow.parameters.json, '$[0].value') == 'true'}}", v)).isTrue();
    assertThat(when("{{= inputs.parameters[\"should-print\"] == 'true'}}", v)).isTrue();
    assertThat(when("{{inputs.parameters.should-print}} == true", v)).isTrue();
    assertThat(when("{{= workflow.parameters.data != '' }}", v)).isFalse();
  }

  @Test
  void stepsWhenExprFilterSelectsEveryItemAsArgoDoes() {
    String list =
        "{{= concat(['always'], inputs.parameters.test == 'true' ? ['test'] : []) | toJSON() }}";
    String listValue =
        Template.replaceText(list, Map.of("inputs.parameters.test", "true"), Unresolved.strict());
    assertThat(listValue).isEqualTo("[\n  \"always\",\n  \"test\"\n]");
    String when =
        "\"{{= get(item, 'type') ?? 'always' }}\"\nin\n(\"{{= inputs.parameters.list | fromJSON() | join('\",\"') }}\",\"\")\n";
    for (String type : new String[] {"", "always", "test", null}) {
      Map<String, Object> v = new HashMap<>();
      v.put("inputs.parameters.list", listValue);
      v.put("item.name", "n");
      if (type != null) {
        v.put("item.type", type);
      }
      assertThat(when(when, v)).as("type %s", type).isTrue();
    }
  }

  @Test
  void verboseSnippetComputesStatisticsWithSprig() {
    Map<String, Object> v =
        Map.of(
            "workflow.parameters.weather",
            "{\"weekWeather\": \"eyJ0ZW1wcyI6IFszNCwgMjcsIDE1LCA1NywgNDZdfQo=\"}");
    String value =
        "{{=\n  map([\n      jsonpath(sprig.b64dec(jsonpath(workflow.parameters.weather, '$.weekWeather')), '$.temps')\n    ], {\n      toJson({\n        avg: sprig.add(#[0], #[1], #[2], #[3], #[4]) / 5,\n        min: sprig.min(#[0], #[1], #[2], #[3], #[4]),\n        max: sprig.max(#[0], #[1], #[2], #[3], #[4])\n      })\n  })[0]\n}}";
    String out = Template.replaceText(value, v, Unresolved.strict());
    assertThat(out).isEqualTo("{\"avg\":35.8,\"max\":57,\"min\":15}");
    Map<String, Object> next = Map.of("inputs.parameters.week-temps", out);
    assertThat(
            Template.replaceText(
                "{{=jsonpath(inputs.parameters['week-temps'], '$.avg')}}",
                next,
                Unresolved.strict()))
        .isEqualTo("35.8");
    assertThat(
            Template.replaceText(
                "{{=jsonpath(inputs.parameters['week-temps'], '$.max')}}",
                next,
                Unresolved.strict()))
        .isEqualTo("57");
  }

  @Test
  void retryExpressionReadsLastRetry() {
    Map<String, Object> flat =
        Map.of(
            "lastRetry.exitCode", "2",
            "lastRetry.status", "Failed",
            "lastRetry.duration", "5",
            "lastRetry.message", "",
            "inputs.parameters.safe-to-retry", "true");
    String expression =
        Template.replaceText(
            "asInt(lastRetry.exitCode) > 1 && lastRetry.status != \"Error\" && asInt(lastRetry.duration) < 120 && ({{inputs.parameters.safe-to-retry}} == true || lastRetry.message matches 'imminent node shutdown|pod deleted')",
            flat,
            Unresolved.strict());
    assertThat(Expr.evaluateBool(expression, ExprEnv.argo(flat))).isTrue();
  }

  @Test
  void hookAndOutputExpressions() {
    Map<String, Object> flat =
        Map.of(
            "workflow.status", "Running",
            "tasks.run-sim.status", "Running",
            "steps.flip-coin.outputs.result", "heads",
            "steps.heads.outputs.result", "it was heads",
            "steps.tails.outputs.result", "it was tails");
    Map<String, Object> env = ExprEnv.argo(flat);
    assertThat(Expr.evaluateBool("workflow.status == \"Running\"", env)).isTrue();
    assertThat(Expr.evaluateBool("tasks[\"run-sim\"].status == \"Running\"", env)).isTrue();
    assertThat(
            Expr.evaluate(
                "steps['flip-coin'].outputs.result == 'heads' ? steps.heads.outputs.result : steps.tails.outputs.result",
                env))
        .isEqualTo("it was heads");
    Map<String, Object> fib = ExprEnv.argo(Map.of("inputs.parameters.num", "2"));
    assertThat(
            Expr.evaluate(
                "asInt(inputs.parameters.num) == 1? 1: asInt(inputs.parameters.num) == 2? 1: steps['fibonacci-helper'].outputs.parameters.result",
                fib))
        .isEqualTo(1L);
  }

  @Test
  void sprigDateFormatsTheCreationTimestamp() {
    Map<String, Object> v = Map.of("workflow.creationTimestamp", "2024-03-05T10:00:00Z");
    assertThat(
            Template.replaceText(
                "{{=sprig.date('2006', workflow.creationTimestamp)}}", v, Unresolved.strict()))
        .isEqualTo("2024");
  }

  @Test
  void cronWhenUsesTheGivenTime() {
    String when =
        "{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 360 }}";
    java.time.Instant now = java.time.Instant.parse("2024-01-01T00:10:00Z");
    Map<String, Object> recent =
        Map.of(
            "cronworkflow.lastScheduledTime",
            java.time.OffsetDateTime.parse("2024-01-01T00:08:00Z"));
    assertThat(Template.replaceText(when, recent, Unresolved.strict(), now)).isEqualTo("false");
    Map<String, Object> never = new HashMap<>();
    never.put("cronworkflow.lastScheduledTime", null);
    assertThat(Template.replaceText(when, never, Unresolved.strict(), now)).isEqualTo("true");
  }

  @Test
  void artifactFilterExpressions() {
    Map<String, Object> env = Map.of("data", java.util.List.of("a/main.log", "b.py", "c.txt"));
    assertThat(Expr.evaluate("filter(data, {# endsWith \"main.log\"})", env))
        .isEqualTo(java.util.List.of("a/main.log"));
  }
}
