package dev.locus.operator;

import static org.awaitility.Awaitility.await;

import dev.locus.worker.LocusWorker;
import dev.locus.worker.WorkerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** A real `locus worker` in the test JVM, started with the given flags and ready (its /readyz answers "ready"). */
final class InProcessLocusWorker {
  private InProcessLocusWorker() {}

  static LocusWorker start(String temporalAddress, String workerId, int httpPort, String... flags) {
    List<String> args = new ArrayList<>(List.of("--temporal-address", temporalAddress, "--worker-id", workerId,
        "--http-port", String.valueOf(httpPort), "--http-bind", "127.0.0.1", "--drain-grace", "0s"));
    args.addAll(List.of(flags));
    LocusWorker worker = new LocusWorker(CommandLine.populateCommand(new WorkerSettings(), args.toArray(String[]::new)));
    Thread t = new Thread(() -> {
      try {
        worker.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }, "locus-worker-" + workerId);
    t.setDaemon(true);
    t.start();
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/readyz")).build();
    await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
        .until(() -> http.send(ready, HttpResponse.BodyHandlers.ofString()).body().startsWith("ready"));
    return worker;
  }
}
