package dev.hubflow.daemon.bench;

/**
 * One measured number: what it is, its unit, and optionally the goal for it (with whether
 * it was held) and Argo's published figure to compare with.
 *
 * @param goal the goal as text ("≤ 20 ms"), or null when the figure has none
 * @param pass whether the goal was held; null when there is no goal
 * @param argo Argo's published figure for the same thing, or null
 */
record Figure(String name, double value, String unit, String goal, Boolean pass, String argo) {

  static Figure of(String name, double value, String unit) {
    return new Figure(name, value, unit, null, null, null);
  }

  /** Goal: the value is at most {@code limit}. */
  Figure atMost(double limit, String goalText) {
    return new Figure(name, value, unit, goalText, value <= limit, argo);
  }

  /** Goal: the value is at least {@code limit}. */
  Figure atLeast(double limit, String goalText) {
    return new Figure(name, value, unit, goalText, value >= limit, argo);
  }

  Figure comparedWith(String argoFigure) {
    return new Figure(name, value, unit, goal, pass, argoFigure);
  }

  /** PASS, MISS or blank. */
  String verdict() {
    return pass == null ? "" : pass ? "PASS" : "MISS";
  }

  /** The value rounded for people: integers as such, small numbers with a few decimals. */
  String formatted() {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return "n/a";
    }
    double abs = Math.abs(value);
    if (abs >= 100 || value == Math.rint(value)) {
      return String.format(java.util.Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 1) {
      return String.format(java.util.Locale.ROOT, "%.2f", value);
    }
    return String.format(java.util.Locale.ROOT, "%.3f", value);
  }
}
