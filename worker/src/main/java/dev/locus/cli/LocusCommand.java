package dev.locus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "locus", mixinStandardHelpOptions = true, version = "locus 0.1.0",
    description = "Data-local Temporal workers: worker sessions for Java and the fleet that runs them.",
    subcommands = {DemoCommand.class, WorkerCommand.class, DevServerCommand.class, SubmitCommand.class,
        DrainCommand.class})
public class LocusCommand {
  public static void main(String[] args) {
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
