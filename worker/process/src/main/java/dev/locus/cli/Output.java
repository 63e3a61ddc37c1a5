package dev.locus.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command's own output and error streams, as its CommandLine has them (tests replace them): {@code @Mixin Output}. */
@Command // picocli takes a class as a mixin only if it carries one of its annotations
public final class Output {
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  public PrintWriter out() {
    return command.commandLine().getOut();
  }

  public PrintWriter err() {
    return command.commandLine().getErr();
  }
}
