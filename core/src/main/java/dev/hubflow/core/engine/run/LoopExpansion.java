package dev.hubflow.core.engine.run;

import com.google.gson.JsonElement;
import dev.hubflow.core.engine.expr.ExpressionException;
import dev.hubflow.core.engine.params.Loops.Iteration;
import dev.hubflow.model.v1alpha1.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Expands a looping step or task into its iterations (Argo's {@code expandStep}/{@code
 * expandTask}).
 */
public final class LoopExpansion {
  private final Operation op;

  public LoopExpansion(Operation op) {
    this.op = op;
  }

  /** Whether a {@code when} condition lets the node run; throws if it does not parse. */
  public boolean shouldExecute(String when) {
    if (when == null || when.isEmpty()) {
      return true;
    }
    return op.config().expressions().when(when);
  }

  private boolean mustExecute(String when) {
    try {
      return shouldExecute(when);
    } catch (ExpressionException e) {
      return true;
    }
  }

  /**
   * The iterations of a loop; {@code make} builds one copy of the step or task from the loop-free
   * original, the iteration's name and whether unresolved variables are allowed.
   */
  public <T> List<T> expand(
      List<JsonElement> withItems,
      String withParam,
      Sequence withSequence,
      String name,
      String when,
      BiFunction<Iteration, Boolean, T> make) {
    List<JsonElement> items;
    if (withItems != null && !withItems.isEmpty()) {
      items = withItems;
    } else if (withParam != null && !withParam.isEmpty()) {
      try {
        items = dev.hubflow.core.engine.params.Loops.fromParam(withParam);
      } catch (ExpressionException e) {
        if (mustExecute(when)) {
          throw e;
        }
        items = List.of();
      }
    } else if (withSequence != null) {
      try {
        items = dev.hubflow.core.engine.params.Loops.fromSequence(withSequence);
      } catch (ExpressionException e) {
        if (mustExecute(when)) {
          throw e;
        }
        items = List.of();
      }
    } else {
      throw new ExpressionException("expandStep() was called with withItems and withParam empty");
    }
    boolean allowUnresolved;
    try {
      allowUnresolved = !shouldExecute(when);
    } catch (ExpressionException e) {
      allowUnresolved = false;
    }
    List<T> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      out.add(
          make.apply(
              dev.hubflow.core.engine.params.Loops.iteration(name, i, items.get(i)),
              allowUnresolved));
    }
    return out;
  }
}
