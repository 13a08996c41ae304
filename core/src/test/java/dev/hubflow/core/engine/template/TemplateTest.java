package dev.hubflow.core.engine.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hubflow.model.v1alpha1.Parameter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {

  @Test
  void simpleTagsTakeValuesAndAllowSpacesInsideBraces() {
    Map<String, Object> v = Map.of("inputs.parameters.x", "hi", "item.name", "first");
    assertThat(
            Template.replace(
                "{\"a\":\"{{inputs.parameters.x}} {{ item.name }}\"}", v, Unresolved.strict()))
        .isEqualTo("{\"a\":\"hi first\"}");
  }

  @Test
  void valuesAreEscapedForJsonStrings() {
    Map<String, Object> v = Map.of("x", "say \"hi\"\nnow\\");
    String out = Template.replace("{\"a\":\"{{x}}\"}", v, Unresolved.strict());
    assertThat(out).isEqualTo("{\"a\":\"say \\\"hi\\\"\\nnow\\\\\"}");
    assertThat(Template.replaceText("{{x}}!", v, Unresolved.strict()))
        .isEqualTo("say \"hi\"\nnow\\!");
  }

  @Test
  void strictModeNamesTheUnresolvedTag() {
    assertThatThrownBy(() -> Template.replaceText("{{nope}}", Map.of(), Unresolved.strict()))
        .isInstanceOf(TemplateException.class)
        .hasMessage("failed to resolve {{nope}}")
        .matches(e -> ((TemplateException) e).missingVariable());
  }

  @Test
  void lenientModeLeavesUnresolvedTagsAsWritten() {
    assertThat(Template.replaceText("a {{ nope }} b", Map.of(), Unresolved.lenient()))
        .isEqualTo("a {{ nope }} b");
    assertThat(Template.replaceText("{{=tasks.A.outputs.result}}", Map.of(), Unresolved.lenient()))
        .isEqualTo("{{=tasks.A.outputs.result}}");
  }

  @Test
  void strictPrefixesOnlyRequireThoseTags() {
    Unresolved mode = Unresolved.strictFor(List.of("tasks"));
    assertThat(Template.replaceText("{{steps.x}}", Map.of(), mode)).isEqualTo("{{steps.x}}");
    assertThat(Template.replaceText("{{tasksX}}", Map.of(), mode)).isEqualTo("{{tasksX}}");
    assertThat(Template.replaceText("{{tasks.A.outputs.artifacts.x}}", Map.of(), mode))
        .isEqualTo("{{tasks.A.outputs.artifacts.x}}");
    assertThatThrownBy(() -> Template.replaceText("{{tasks.A.outputs.result}}", Map.of(), mode))
        .hasMessage("failed to resolve {{tasks.A.outputs.result}}");
    assertThatThrownBy(() -> Template.replaceText("{{=tasks.A.outputs.result}}", Map.of(), mode))
        .hasMessage("failed to evaluate expression: tasks is missing");
  }

  @Test
  void nullValueIsAnAbsentOptionalAndFails() {
    Map<String, Object> v = new HashMap<>();
    v.put("tasks.A.outputs.parameters.p", null);
    assertThatThrownBy(
            () -> Template.replaceText("{{tasks.A.outputs.parameters.p}}", v, Unresolved.lenient()))
        .hasMessageContaining("absent optional")
        .matches(e -> !((TemplateException) e).missingVariable());
    assertThat(
            Template.replaceText(
                "{{=tasks.A.outputs.parameters.p ?? 'dflt'}}", v, Unresolved.strict()))
        .isEqualTo("dflt");
  }

  @Test
  void expressionsEvaluateOverNestedVariables() {
    Map<String, Object> v =
        Map.of(
            "inputs.parameters.intParam", "7",
            "inputs.parameters.should-print", "true",
            "steps.flip.outputs.result", "heads",
            "workflow.parameters.json", "[{\"value\":\"true\"}]");
    assertThat(
            Template.replaceText(
                "{{=asInt(inputs.parameters.intParam) * 10}}", v, Unresolved.strict()))
        .isEqualTo("70");
    assertThat(
            Template.replaceText(
                "{{= inputs.parameters['should-print'] == 'true'}}", v, Unresolved.strict()))
        .isEqualTo("true");
    assertThat(Template.replaceText("{{=steps['flip'].outputs.result}}", v, Unresolved.strict()))
        .isEqualTo("heads");
    assertThat(
            Template.replaceText(
                "{{=jsonpath(workflow.parameters.json, '$[0].value') == 'true'}}",
                v,
                Unresolved.strict()))
        .isEqualTo("true");
    assertThat(Template.replaceText("{{=toJson(filter([1, 3], {# > 1}))}}", v, Unresolved.strict()))
        .isEqualTo("[3]");
    assertThat(
            Template.replaceText(
                "{{=sprig.replace('bar', 'baz', 'foobar')}}", v, Unresolved.strict()))
        .isEqualTo("foobaz");
  }

  @Test
  void nonStringResultsAreInsertedAsJsonText() {
    assertThat(Template.replace("{\"a\":\"{{= {'k': 'v'} }}\"}", Map.of(), Unresolved.strict()))
        .isEqualTo("{\"a\":\"{\\\"k\\\":\\\"v\\\"}\"}");
    assertThat(Template.replaceText("{{=['a', 1]}}", Map.of(), Unresolved.strict()))
        .isEqualTo("[\"a\",1]");
  }

  @Test
  void expressionsWithQuotesInsideJsonAreUnescapedFirst() {
    Map<String, Object> v = Map.of("inputs.parameters.list", "[\"always\",\"test\"]");
    String when = "\"{{= inputs.parameters.list | fromJSON() | join('\",\"') }}\"";
    assertThat(Template.replaceText(when, v, Unresolved.strict())).isEqualTo("\"always\",\"test\"");
  }

  @Test
  void lateBindingVariablesStayForALaterPass() {
    assertThat(Template.replaceText("{{=retries + 1}}", Map.of(), Unresolved.lenient()))
        .isEqualTo("{{=retries + 1}}");
    assertThat(
            Template.replaceText(
                "{{=asInt(retries) + 1}}", Map.of("retries", "2"), Unresolved.strict()))
        .isEqualTo("3");
  }

  @Test
  void failingExpressionsNameTheError() {
    assertThatThrownBy(() -> Template.replaceText("{{=1 +}}", Map.of(), Unresolved.strict()))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("failed to evaluate expression");
    assertThatThrownBy(() -> Template.replaceText("{{=nil}}", Map.of(), Unresolved.strict()))
        .hasMessageContaining("failed to evaluate expression");
  }

  @Test
  void aTagEndsAtTheFirstClosingBracesAsInArgo() {
    assertThatThrownBy(() -> Template.replaceText("{{={'k': 'v'}}}", Map.of(), Unresolved.strict()))
        .hasMessageContaining("failed to evaluate expression");
  }

  @Test
  void unclosedTagIsAnError() {
    assertThatThrownBy(() -> Template.replaceText("a {{b", Map.of(), Unresolved.lenient()))
        .hasMessageContaining("Cannot find end tag");
  }

  @Test
  void invalidJsonIsRejected() {
    assertThatThrownBy(() -> Template.replace("{\"a\":", Map.of(), Unresolved.lenient()))
        .hasMessageContaining("invalid JSON");
  }

  @Test
  void modelObjectsAreSubstitutedThroughTheirJson() {
    Parameter p = new Parameter().name("p").value("{{=asInt(inputs.parameters.n) + 1}} \"{{x}}\"");
    Parameter out =
        Template.replaceIn(
            p,
            Parameter.class,
            Map.of("inputs.parameters.n", "41", "x", "a<b & \"c\"\n"),
            Unresolved.strict());
    assertThat(out.getValue()).isEqualTo("42 \"a<b & \"c\"\n\"");
    assertThat(out.getName()).isEqualTo("p");
    assertThat(p.getValue()).startsWith("{{=");
  }

  @Test
  void gsonHtmlEscapesAreReadAsTheCharacters() {
    assertThat(Template.undoHtmlEscapes("{\"a\":\"{{\\u003dx \\u003c 1}}\\\\u003d\"}"))
        .isEqualTo("{\"a\":\"{{=x < 1}}\\\\u003d\"}");
    assertThat(
            Template.replace("{\"a\":\"{{\\u003d 1 \\u003c 2}}\"}", Map.of(), Unresolved.strict()))
        .isEqualTo("{\"a\":\"true\"}");
  }

  @Test
  void simpleTagsAreListedTrimmed() {
    assertThat(Template.simpleTags("{{ a }} {{=b}} {{c}}")).containsExactly("a", "c");
  }
}
