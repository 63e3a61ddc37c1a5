package dev.locus.cli;

import dev.locus.demo.ServerChoice;
import dev.locus.temporal.DevServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "dev-server", mixinStandardHelpOptions = true,
    description = "Run a Temporal server on this machine until interrupted: the Temporal CLI's dev server (with its"
        + " Web UI) when `temporal` is on PATH, else the embedded one (no persistence, no UI).")
public class DevServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Option(names = "--port", defaultValue = "7233", description = "port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
  String bind;

  @Option(names = "--server", defaultValue = "auto", converter = ServerChoice.Converter.class,
      description = "auto, embedded or temporal-cli (default ${DEFAULT-VALUE})")
  ServerChoice server;

  @Override
  public Integer call() throws Exception {
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "locus-temporal-dev-server-" + port + ".log");
    DevServer server = this.server.start(bind, port, true, log);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      done.countDown();
    }));
    out().println("Temporal dev server (" + server.kind() + ") listening on " + server.address() + " (namespace default)");
    server.webUi().ifPresent(ui -> out().println("Web UI: " + ui + " (server log: " + log + ")"));
    done.await();
    return 0;
  }
}
