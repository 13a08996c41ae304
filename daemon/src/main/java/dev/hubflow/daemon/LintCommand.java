package dev.hubflow.daemon;

import com.google.gson.JsonElement;
import dev.hubflow.core.engine.validate.Problem;
import dev.hubflow.core.engine.validate.TemplateLookup;
import dev.hubflow.core.engine.validate.Validation;
import dev.hubflow.core.engine.validate.WorkflowValidator;
import dev.hubflow.model.Codec;
import dev.hubflow.model.ManifestException;
import dev.hubflow.model.v1alpha1.WorkflowSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hubflow lint FILE|DIR...}: checks Argo manifests without a cluster. Templates referred to
 * by {@code templateRef} must be among the linted files, as with {@code argo lint --offline}.
 */
@Command(
    name = "lint",
    mixinStandardHelpOptions = true,
    description = {
      "Validates Workflows, WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows.",
      "Reads .yaml, .yml and .json files (directories recursively, many documents a file);",
      "other kinds are skipped. Prints one line per problem; exits 1 if there is any."
    })
final class LintCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Files or directories.")
  private List<Path> paths;

  @Option(
      names = "--strict",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Report fields no Argo type has (default: ${DEFAULT-VALUE}).")
  private boolean strict;

  @Spec private CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> problems = new ArrayList<>();
    Map<Path, List<JsonElement>> manifests = new LinkedHashMap<>();
    for (Path path : paths) {
      if (!Files.exists(path)) {
        problems.add(path + ": no such file or directory");
        continue;
      }
      for (Path file : files(path)) {
        try {
          manifests.put(file, Codec.readTrees(Files.readString(file), file.toString()));
        } catch (ManifestException e) {
          problems.add(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
          problems.add(file + ": cannot read: " + e.getMessage());
        }
      }
    }
    WorkflowValidator validator = new WorkflowValidator(lookup(manifests), strict);
    int linted = 0;
    for (Map.Entry<Path, List<JsonElement>> e : manifests.entrySet()) {
      for (JsonElement manifest : e.getValue()) {
        if (!WorkflowValidator.KINDS.contains(kind(manifest))) {
          continue;
        }
        linted++;
        Validation validation = validator.validate(manifest);
        for (Problem p : validation.problems()) {
          problems.add(e.getKey() + ": " + p);
        }
      }
    }
    if (linted == 0 && problems.isEmpty()) {
      // As argo lint: naming only files without Workflows of any kind is a mistake.
      problems.add("found nothing to lint in the specified paths");
    }
    problems.forEach(out::println);
    if (problems.isEmpty()) {
      out.println("no linting errors found! (" + linted + " manifests)");
    } else {
      out.println(problems.size() + " problem" + (problems.size() == 1 ? "" : "s") + " found");
    }
    out.flush();
    return problems.isEmpty() ? 0 : 1;
  }

  private static List<Path> files(Path path) {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    try (Stream<Path> walk = Files.walk(path)) {
      return walk.filter(Files::isRegularFile)
          .filter(
              p -> {
                String name = p.getFileName().toString();
                return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
    }
  }

  /** The WorkflowTemplates and ClusterWorkflowTemplates among the linted files, by name. */
  private static TemplateLookup lookup(Map<Path, List<JsonElement>> manifests) {
    Map<String, WorkflowSpec> namespaced = new HashMap<>();
    Map<String, WorkflowSpec> cluster = new HashMap<>();
    for (List<JsonElement> list : manifests.values()) {
      for (JsonElement manifest : list) {
        String kind = kind(manifest);
        boolean isTemplate = kind.equals("WorkflowTemplate");
        if (!isTemplate && !kind.equals("ClusterWorkflowTemplate")) {
          continue;
        }
        try {
          JsonElement name = manifest.getAsJsonObject().getAsJsonObject("metadata").get("name");
          WorkflowSpec templateSpec =
              Codec.fromTree(
                  manifest.getAsJsonObject().get("spec"), WorkflowSpec.class, name.getAsString());
          (isTemplate ? namespaced : cluster).put(name.getAsString(), templateSpec);
        } catch (RuntimeException malformed) {
          // reported when the template itself is validated
        }
      }
    }
    return TemplateLookup.of(namespaced, cluster);
  }

  private static String kind(JsonElement manifest) {
    if (manifest.isJsonObject()) {
      JsonElement kind = manifest.getAsJsonObject().get("kind");
      if (kind != null && kind.isJsonPrimitive()) {
        return kind.getAsString();
      }
    }
    return "";
  }
}
