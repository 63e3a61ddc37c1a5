package dev.locus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "locus", mixinStandardHelpOptions = true, version = "locus 0.1.0",
    description = "Data-local Temporal workers: worker sessions for Java and the fleet that runs them.",
    subcommands = {DemoCommand.class, WorkerCommand.class, DevServerCommand.class, SubmitCommand.class,
        DrainCommand.class})
public class LocusCommand {
  /** slf4j-simple's level property; a value set with -D wins. */
  private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  public static void main(String[] args) {
    // A worker is a service and logs what it does; the commands people type (demo, submit, drain, dev-server) keep
    // the terminal for their own output and show only warnings and errors. Set before the first logger exists.
    if (System.getProperty(LOG_LEVEL) == null) {
      System.setProperty(LOG_LEVEL, args.length > 0 && args[0].equals("worker") ? "info" : "warn");
    }
    System.exit(commandLine().execute(args));
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
