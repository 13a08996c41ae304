package dev.hubflow.core.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubflow.model.Codec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code when:}, {@code depends:}, {@code expression:} and {@code {{=…}}} in Argo's examples
 * and e2e fixtures must parse, so no fixture fails on our parser where Argo's accepts it.
 */
class ArgoFixtureExpressionsTest {

  private static final Pattern TAG = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

  record Found(String file, String field, String text) {}

  private static final List<Found> FOUND = new ArrayList<>();
  private static int unreadable;

  @BeforeAll
  static void scanFixtures() throws IOException {
    Path root = Path.of(System.getProperty("hubflow.shared", "../shared"), "argo", "v3.7.18");
    assertThat(root).isDirectory();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
              .toList();
    }
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (!text.contains("when:")
          && !text.contains("depends:")
          && !text.contains("expression:")
          && !text.contains("{{=")) {
        continue;
      }
      List<?> trees;
      try {
        trees = Codec.readTrees(text, file.toString());
      } catch (RuntimeException e) {
        unreadable++;
        continue;
      }
      for (Object tree : trees) {
        if (tree == null) {
          continue;
        }
        walk(root.relativize(file).toString(), null, GoJson.unmarshal(Codec.toJson(tree)));
      }
    }
  }

  private static void walk(String file, String key, Object node) {
    if (node instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        walk(file, String.valueOf(e.getKey()), e.getValue());
      }
    } else if (node instanceof List<?> l) {
      for (Object o : l) {
        walk(file, key, o);
      }
    } else if (node instanceof String s) {
      if ("when".equals(key) || "depends".equals(key) || "expression".equals(key)) {
        FOUND.add(new Found(file, key, s));
      }
      if (s.contains("{{=")) {
        FOUND.add(new Found(file, "{{=", s));
      }
    }
  }

  private static List<Found> found(String field) {
    return FOUND.stream().filter(f -> f.field().equals(field)).toList();
  }

  @Test
  void fixturesContainTheExpressionsThisTestChecks() {
    assertThat(unreadable).isLessThan(10);
    assertThat(found("when")).hasSizeGreaterThan(30);
    assertThat(found("depends")).hasSizeGreaterThan(50);
    assertThat(found("expression")).hasSizeGreaterThan(5);
    assertThat(found("{{=")).hasSizeGreaterThan(20);
  }

  @Test
  void everyExpressionTagParses() {
    List<String> failures = new ArrayList<>();
    for (Found f : found("{{=")) {
      Matcher m = TAG.matcher(f.text());
      while (m.find()) {
        if (m.group(1).startsWith("=")) {
          try {
            Expr.check(m.group(1).substring(1));
          } catch (ExpressionException e) {
            failures.add(f.file() + ": " + m.group(0) + " -> " + e.getMessage());
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void everyWhenParsesOnceItsTagsAreSubstituted() {
    List<String> failures = new ArrayList<>();
    for (Found f : found("when")) {
      // Values are unknown here; a bare word stands in for each tag as a typical output would.
      String substituted = TAG.matcher(f.text()).replaceAll("value");
      try {
        if (f.text().strip().startsWith("{{=") && f.text().strip().endsWith("}}")) {
          continue; // a whole-expression when is checked by everyExpressionTagParses
        }
        Govaluate.check(substituted);
      } catch (ExpressionException e) {
        failures.add(f.file() + ": " + f.text() + " -> " + e.getMessage());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void everyDependsIsValid() {
    List<String> failures = new ArrayList<>();
    for (Found f : found("depends")) {
      try {
        Depends.validate(f.text());
        assertThat(Depends.taskNames(f.text())).isNotEmpty();
      } catch (ExpressionException e) {
        failures.add(f.file() + ": " + f.text() + " -> " + e.getMessage());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void everyExpressionFieldParses() {
    List<String> failures = new ArrayList<>();
    for (Found f : found("expression")) {
      // Argo substitutes simple tags (e.g. a parameter) into the expression first.
      String substituted = TAG.matcher(f.text()).replaceAll("true");
      try {
        Expr.check(substituted);
      } catch (ExpressionException e) {
        failures.add(f.file() + ": " + f.text() + " -> " + e.getMessage());
      }
    }
    assertThat(failures).isEmpty();
  }
}
