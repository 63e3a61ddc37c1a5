package dev.locus.cli;

import picocli.CommandLine;

/** {@code ./locus}: the worker image's commands, plus the laptop's demo and dev-server. */
public final class Locus {
  private Locus() {}

  public static void main(String[] args) {
    System.exit(LocusCommand.run(args, Locus::addLaptopCommands));
  }

  /** The whole command line, as {@code ./locus} runs it. */
  public static CommandLine commandLine() {
    CommandLine cli = LocusCommand.commandLine();
    addLaptopCommands(cli);
    return cli;
  }

  private static void addLaptopCommands(CommandLine cli) {
    cli.addSubcommand(new DemoCommand());
    cli.addSubcommand(new DevServerCommand());
  }
}
