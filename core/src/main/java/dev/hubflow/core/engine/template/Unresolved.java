package dev.hubflow.core.engine.template;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What substitution does with a tag it cannot resolve: fail naming it, or leave it as written for a
 * later pass. Mirrors Argo's {@code Replace(allowUnresolved)} and {@code ReplaceStrict}.
 *
 * @param mustResolve names that must resolve (matched against the trimmed tag or the expression's
 *     variable), or null when every tag may stay unresolved
 * @param allowUnresolvedArtifacts whether {@code …outputs.artifacts.…} tags may stay even when
 *     strict (artifacts resolve later and may be optional)
 */
public record Unresolved(Pattern mustResolve, boolean allowUnresolvedArtifacts) {

  /** Every tag must resolve: {@code Replace(…, allowUnresolved=false)}. */
  public static Unresolved strict() {
    return new Unresolved(Pattern.compile(".*"), false);
  }

  /** Unresolvable tags stay as written: {@code Replace(…, allowUnresolved=true)}. */
  public static Unresolved lenient() {
    return new Unresolved(null, true);
  }

  /**
   * Tags whose name starts with one of {@code prefixes} (a whole dot-segment: {@code tasks} covers
   * {@code tasks.A} but not {@code tasksA}) must resolve; others may stay: {@code ReplaceStrict}.
   */
  public static Unresolved strictFor(List<String> prefixes) {
    if (prefixes.isEmpty()) {
      return new Unresolved(null, true);
    }
    String alternatives = prefixes.stream().map(Pattern::quote).collect(Collectors.joining("|"));
    return new Unresolved(Pattern.compile("^((" + alternatives + "))(\\.|$)"), true);
  }

  boolean isStrict(String name) {
    return mustResolve != null && mustResolve.matcher(name).find();
  }
}
