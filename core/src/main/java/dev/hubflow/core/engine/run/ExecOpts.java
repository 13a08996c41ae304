package dev.hubflow.core.engine.run;

import dev.hubflow.model.v1alpha1.NodeFlag;
import java.time.Instant;

/** Argo's {@code executeTemplateOpts}: where a node sits and how it runs. */
public final class ExecOpts {
  final String boundaryId;
  final boolean onExit;
  Instant executionDeadline;
  NodeFlag flag;

  public ExecOpts(String boundaryId, boolean onExit, NodeFlag flag) {
    this.boundaryId = boundaryId == null ? "" : boundaryId;
    this.onExit = onExit;
    this.flag = flag;
  }

  public static ExecOpts root() {
    return new ExecOpts("", false, null);
  }

  public String boundaryId() {
    return boundaryId;
  }

  public NodeFlag flag() {
    return flag;
  }

  public boolean onExit() {
    return onExit;
  }
}
