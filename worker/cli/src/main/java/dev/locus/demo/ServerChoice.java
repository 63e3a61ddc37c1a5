package dev.locus.demo;

import dev.locus.temporal.DevServer;
import dev.locus.temporal.EmbeddedTemporal;
import dev.locus.temporal.TemporalCliServer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Which Temporal server `locus demo` and `locus dev-server` run: {@code auto}, {@code embedded} or {@code temporal-cli}. */
public enum ServerChoice {
  /** The Temporal CLI's dev server when {@code temporal} is on PATH, else the embedded one. */
  AUTO("auto"),
  /** temporal-test-server in this JVM: no persistence, no UI, no task-queue stats, no sticky fallback. */
  EMBEDDED("embedded"),
  /** {@code temporal server start-dev}: the real server in one process, with the Web UI. */
  TEMPORAL_CLI("temporal-cli");

  private final String label;

  ServerChoice(String label) {
    this.label = label;
  }

  @Override
  public String toString() {
    return label;
  }

  /** What {@link #AUTO} becomes on this machine; the others stay as they are. */
  public ServerChoice resolve() {
    if (this != AUTO) {
      return this;
    }
    return TemporalCliServer.findCli().isPresent() ? TEMPORAL_CLI : EMBEDDED;
  }

  /**
   * Starts the chosen server on {@code ip:port} (0: a free port). The CLI's server logs to {@code log}, and runs its
   * Web UI when {@code webUi}.
   */
  public DevServer start(String ip, int port, boolean webUi, Path log) {
    return switch (resolve()) {
      case TEMPORAL_CLI -> TemporalCliServer.start(ip, port, webUi, log);
      default -> EmbeddedTemporal.start(ip, port);
    };
  }

  /** picocli: the labels, with a message naming them. */
  public static final class Converter implements ITypeConverter<ServerChoice> {
    @Override
    public ServerChoice convert(String value) {
      return Arrays.stream(values()).filter(c -> c.label.equals(value)).findFirst()
          .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a server; choose one of "
              + Arrays.stream(values()).map(c -> c.label).collect(Collectors.joining(", "))));
    }
  }
}
