package dev.locus.cli;

import dev.locus.demo.ServerChoice;
import picocli.CommandLine.Option;

/** {@code --server auto|embedded|temporal-cli}, for the commands that start a Temporal server: {@code @Mixin}. */
public final class ServerOption {
  @Option(names = "--server", paramLabel = "SERVER", defaultValue = "auto", converter = ServerChoice.Converter.class,
      description = "auto (the Temporal CLI's dev server when `temporal` is on PATH, else embedded), embedded or"
          + " temporal-cli (default ${DEFAULT-VALUE})")
  ServerChoice choice;

  public ServerChoice choice() {
    return choice;
  }
}
