package dev.hubflow.daemon;

import dev.hubflow.daemon.bench.BenchCommand;
import dev.hubflow.daemon.controller.ControllerCommand;
import dev.hubflow.daemon.eks.EksTokenCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code hubflow} command. Each verb is a subcommand class in this package. */
@Command(
    name = "hubflow",
    mixinStandardHelpOptions = true,
    version = "hubflow 0.1.0",
    description = "Runs Argo Workflows across hub-and-spoke Kubernetes clusters.",
    subcommands = {
      CommandLine.HelpCommand.class,
      LintCommand.class,
      RunCommand.class,
      EmbeddedCommand.class,
      EksTokenCommand.class,
      ControllerCommand.class,
      BenchCommand.class
    })
public final class Hubflow {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new Hubflow()).execute(args);
  }

  /** Runs the command line with its output and errors going to the given writers. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return new CommandLine(new Hubflow()).setOut(out).setErr(err).execute(args);
  }
}
