package dev.locus.cli;

import dev.locus.worker.EmbeddedTemporal;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

@Command(name = "dev-server", mixinStandardHelpOptions = true,
    description = "Run the embedded Temporal server (no persistence, no UI) until interrupted.")
public class DevServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private java.io.PrintWriter out() {
    return spec.commandLine().getOut();
  }

  @Option(names = "--port", defaultValue = "7233", description = "port (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--bind", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
  String bind;

  @Override
  public Integer call() throws Exception {
    EmbeddedTemporal server = EmbeddedTemporal.start(bind, port);
    CountDownLatch done = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      done.countDown();
    }));
    out().println("Temporal dev server listening on " + server.address() + " (namespace default)");
    done.await();
    return 0;
  }
}
