package dev.locus.cli;

import dev.locus.temporal.DevServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "dev-server", mixinStandardHelpOptions = true,
    description = "Run a Temporal server on this machine until interrupted: the Temporal CLI's dev server (with its"
        + " Web UI) when `temporal` is on PATH, else the embedded one (no persistence, no UI).")
public class DevServerCommand implements Callable<Integer> {
  @Mixin Output output;

  @Option(names = "--port", defaultValue = "7233", description = "port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
  String bind;

  @Mixin ServerOption choice;

  @Override
  public Integer call() throws Exception {
    Path log = Path.of(System.getProperty("java.io.tmpdir"), "locus-temporal-dev-server-" + port + ".log");
    DevServer server = choice.choice().start(bind, port, true, log);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      done.countDown();
    }));
    output.out().println("Temporal dev server (" + server.kind() + ") listening on " + server.address() + " (namespace default)");
    server.webUi().ifPresent(ui -> output.out().println("Web UI: " + ui + " (server log: " + log + ")"));
    done.await();
    return 0;
  }
}
