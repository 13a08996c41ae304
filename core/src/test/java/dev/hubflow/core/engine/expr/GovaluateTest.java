package dev.hubflow.core.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class GovaluateTest {

  @Test
  void bareWordsAreStringsSoSubstitutedResultsCompareWithoutQuotes() {
    assertThat(Govaluate.isTrue("heads == heads")).isTrue();
    assertThat(Govaluate.isTrue("tails == heads")).isFalse();
    assertThat(Govaluate.isTrue("tails != heads")).isTrue();
    assertThat(Govaluate.isTrue("Failed == Failed")).isTrue();
    assertThat(Govaluate.isTrue("YES == YES")).isTrue();
  }

  @Test
  void quotedStringsEndAtEitherQuoteCharacter() {
    assertThat(Govaluate.isTrue("\"true\" == \"true\"")).isTrue();
    assertThat(Govaluate.isTrue("'a' == \"a\"")).isTrue();
    assertThat(Govaluate.evaluate("'a\"")).isEqualTo("a");
    assertThat(Govaluate.evaluate("'it\\'s'")).isEqualTo("it's");
  }

  @Test
  void trueAndFalseAreBooleans() {
    assertThat(Govaluate.isTrue("true == true")).isTrue();
    assertThat(Govaluate.isTrue("false")).isFalse();
    assertThat(Govaluate.isTrue("true")).isTrue();
    // a bare word "true" is a boolean, so comparing it to a quoted "true" is false
    assertThat(Govaluate.isTrue("true == 'true'")).isFalse();
  }

  @Test
  void numbersAreFloatsAndCompareNumerically() {
    assertThat(Govaluate.evaluate("1 + 2")).isEqualTo(3.0);
    assertThat(Govaluate.isTrue("10 > 9")).isTrue();
    assertThat(Govaluate.isTrue("1 == 1.0")).isTrue();
    assertThat(Govaluate.isTrue("3 != 1 && 3 != 2")).isTrue();
    assertThat(Govaluate.isTrue("1 != 1 && 1 != 2")).isFalse();
    assertThat(Govaluate.evaluate("0x1F")).isEqualTo(31.0);
    assertThat(Govaluate.evaluate("7 % 4")).isEqualTo(3.0);
    assertThat(Govaluate.evaluate("2 ** 3")).isEqualTo(8.0);
    assertThat(Govaluate.evaluate("10 - 2 - 3")).isEqualTo(5.0);
    assertThat(Govaluate.evaluate("12 / 2 / 3")).isEqualTo(2.0);
    assertThat(Govaluate.evaluate("1 + 2 * 3")).isEqualTo(7.0);
    assertThat(Govaluate.evaluate("(1 + 2) * 3")).isEqualTo(9.0);
    assertThat(Govaluate.evaluate("-3 + 1")).isEqualTo(-2.0);
    assertThat(Govaluate.evaluate("5 & 3")).isEqualTo(1.0);
    assertThat(Govaluate.evaluate("5 | 3")).isEqualTo(7.0);
    assertThat(Govaluate.evaluate("1 << 4")).isEqualTo(16.0);
  }

  @Test
  void numberAndStringAreNeverEqual() {
    assertThat(Govaluate.isTrue("1 == '1'")).isFalse();
  }

  @Test
  void lessThanComparesStringsLexicallyAndNumbersNumerically() {
    assertThat(Govaluate.isTrue("3 < 10")).isTrue();
    assertThat(Govaluate.isTrue("'3' < '10'")).isFalse();
    assertThat(Govaluate.isTrue("abc <= abd")).isTrue();
    assertThatThrownBy(() -> Govaluate.evaluate("1 < a"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining(
            "Value '1' cannot be used with the comparator '<', it is not a number");
  }

  @Test
  void regexOperatorsSearchAnywhereInTheString() {
    assertThat(Govaluate.isTrue("tails =~ tai")).isTrue();
    assertThat(Govaluate.isTrue("heads =~ tai")).isFalse();
    assertThat(Govaluate.isTrue("heads !~ '^t'")).isTrue();
    assertThatThrownBy(() -> Govaluate.evaluate("a =~ '('"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("Unable to compile regexp pattern");
  }

  @Test
  void logicalOperatorsShortCircuitAndRequireBooleans() {
    assertThat(Govaluate.isTrue("true && !false")).isTrue();
    assertThat(Govaluate.isTrue("false || a == a")).isTrue();
    assertThat(Govaluate.isTrue("false && 'x'")).isFalse();
    assertThat(Govaluate.isTrue("true || 5")).isTrue();
    assertThat(Govaluate.isTrue("!(a == b)")).isTrue();
    assertThatThrownBy(() -> Govaluate.evaluate("'x' && true"))
        .hasMessageContaining("cannot be used with the logical operator '&&', it is not a bool");
  }

  @Test
  void inChecksMembershipOfAParenthesisedList() {
    assertThat(Govaluate.isTrue("always in (always, test, '')")).isTrue();
    assertThat(Govaluate.isTrue("\"\" in (\"always\",\"test\",\"\")")).isTrue();
    assertThat(Govaluate.isTrue("other in (always, test)")).isFalse();
    assertThat(Govaluate.isTrue("2 IN (1, 2)")).isTrue();
    assertThat(Govaluate.evaluate("(1, 2, 3)")).isEqualTo(List.of(1.0, 2.0, 3.0));
    assertThatThrownBy(() -> Govaluate.evaluate("a in b")).hasMessageContaining("comparator 'in'");
  }

  @Test
  void ternaryAndCoalesceFollowGovaluate() {
    assertThat(Govaluate.evaluate("true ? a : b")).isEqualTo("a");
    assertThat(Govaluate.evaluate("false ? a : b")).isEqualTo("b");
    assertThat(Govaluate.evaluate("false ? a")).isNull();
    assertThat(Govaluate.evaluate("a ?? b")).isEqualTo("a");
    assertThat(Govaluate.evaluate("1 > 2 ? 'big' : 'small'")).isEqualTo("small");
  }

  @Test
  void stringPlusAnythingConcatenates() {
    assertThat(Govaluate.evaluate("'a' + 1")).isEqualTo("a1");
    assertThat(Govaluate.evaluate("'a' + b")).isEqualTo("ab");
    assertThatThrownBy(() -> Govaluate.evaluate("a - 1")).hasMessageContaining("modifier '-'");
  }

  @Test
  void quotedDatesCompareAsTimes() {
    assertThat(Govaluate.isTrue("'2024-01-02' > '2024-01-01'")).isTrue();
    assertThat(Govaluate.isTrue("'2024-01-01T00:00:00Z' == '2024-01-01'")).isTrue();
  }

  @Test
  void bracketedNamesAreStrings() {
    assertThat(Govaluate.isTrue("[my var] == 'my var'")).isTrue();
  }

  @Test
  void dashedWordsAreSubtractionAndFailAtEvaluation() {
    assertThatThrownBy(() -> Govaluate.isTrue("my-value == my-value"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("cannot be used with the modifier '-'");
  }

  @Test
  void parseErrorsNameTheExpressionAndHintAtQuoting() {
    assertThatThrownBy(() -> Govaluate.isTrue("a == $b"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("Invalid 'when' expression 'a == $b'")
        .hasMessageContaining("Invalid token: '$'")
        .hasMessageContaining("hint: try wrapping");
    assertThatThrownBy(() -> Govaluate.isTrue("(a == b"))
        .hasMessageContaining("Unbalanced parenthesis");
    assertThatThrownBy(() -> Govaluate.isTrue("a =="))
        .hasMessageContaining("Unexpected end of expression");
    assertThatThrownBy(() -> Govaluate.isTrue("a b"))
        .hasMessageContaining("Cannot transition token types from VARIABLE [a] to VARIABLE [b]");
    assertThatThrownBy(() -> Govaluate.isTrue("'abc"))
        .hasMessageContaining("Unclosed string literal");
    assertThatThrownBy(() -> Govaluate.isTrue("foo(1)"))
        .hasMessageContaining("Undefined function foo");
    assertThatThrownBy(() -> Govaluate.isTrue("1.2.3 == 1"))
        .hasMessageContaining("Unable to parse numeric value '1.2.3' to float64");
    assertThatThrownBy(() -> Govaluate.isTrue("v1.foo == x"))
        .hasMessageContaining("Unable to access unexported field 'foo'");
  }

  @Test
  void nonBooleanResultIsRejectedByIsTrue() {
    assertThatThrownBy(() -> Govaluate.isTrue("heads"))
        .hasMessageContaining("Expected boolean evaluation for 'heads'. Got heads");
  }

  @Test
  void emptyWhenIsTrue() {
    assertThat(Govaluate.isTrue("")).isTrue();
    assertThat(Govaluate.isTrue(null)).isTrue();
  }

  @Test
  void multiLineExpressionsAreAllowed() {
    assertThat(Govaluate.isTrue("\"always\"\nin\n(\"always\",\"test\",\"\")\n")).isTrue();
  }
}
