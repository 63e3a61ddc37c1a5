package dev.locus.cli;

import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The commands the worker image has. The laptop's {@code ./locus} adds demo and dev-server to them. */
@Command(name = "locus", mixinStandardHelpOptions = true, version = "locus 0.1.0",
    description = "Data-local Temporal workers: worker sessions for Java and the fleet that runs them.",
    footer = {"", "With Kubernetes, ./locus also runs: operator (the operator, against your kubeconfig), cordon and"
        + " uncordon (a worker's new sessions off and on). Each answers --help."},
    subcommands = {WorkerCommand.class, SubmitCommand.class, DrainCommand.class})
public class LocusCommand {
  /** slf4j-simple's level property; a value set with -D wins. */
  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  public static void main(String[] args) {
    System.exit(run(args, cli -> { }));
  }

  /** Runs {@code args} on this command line, after {@code extend} adds its subcommands; returns the exit code. */
  public static int run(String[] args, Consumer<CommandLine> extend) {
    // A worker is a service and logs what it does; the commands people type (demo, submit, drain, dev-server) keep
    // the terminal for their own output and show only warnings and errors. Set before the first logger exists.
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, args.length > 0 && args[0].equals("worker") ? "info" : "warn");
    }
    CommandLine cli = commandLine();
    extend.accept(cli);
    return cli.execute(args);
  }

  /** The command line with Locus' error handling: bad input gets one clear line, not a stack trace. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new LocusCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      if (e instanceof IllegalArgumentException || e instanceof java.io.UncheckedIOException
          || e instanceof java.io.IOException) {
        commandLine.getErr().println("locus " + commandLine.getCommandName() + ": " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli;
  }
}
