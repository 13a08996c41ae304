package dev.hubflow.daemon.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one scenario at one size measured.
 *
 * @param scenario chain, fanout, burst, large or spokes
 * @param size the scenario's N (steps, pods, workflows or nodes)
 * @param spokes how many emulated spokes ran it
 * @param failure why it did not finish (a timeout, an error), or null when it did
 * @param figures the measured numbers, in the order they are shown
 * @param controllerRequests API requests of the hubflow run by "verb resource"
 * @param floorRequests API requests of the floor run by "verb resource"
 */
record ScenarioResult(
    String scenario,
    int size,
    int spokes,
    String failure,
    List<Figure> figures,
    Map<String, Long> controllerRequests,
    Map<String, Long> floorRequests) {

  ScenarioResult {
    figures = List.copyOf(figures);
    controllerRequests = Map.copyOf(controllerRequests);
    floorRequests = Map.copyOf(floorRequests);
  }

  boolean completed() {
    return failure == null;
  }

  /** "burst 5000", "spokes 1000 over 4 spokes". */
  String title() {
    String base = scenario + " " + size;
    return scenario.equals("spokes") ? base + " over " + spokes + " spoke(s)" : base;
  }

  Optional<Figure> figure(String name) {
    return figures.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  ScenarioResult with(Figure extra) {
    List<Figure> more = new java.util.ArrayList<>(figures);
    more.add(extra);
    return new ScenarioResult(
        scenario, size, spokes, failure, more, controllerRequests, floorRequests);
  }
}
