package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.locus.files.FileProcessingRequest;
import dev.locus.health.HealthServer;
import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import dev.locus.temporal.DevServer;
import dev.locus.temporal.Ports;
import dev.locus.temporal.TemporalCliServer;
import dev.locus.testing.RealDependency;
import dev.locus.testing.ServerUnderTest;
import dev.locus.worker.FileProcessingClient;
import dev.locus.worker.LocusWorker;
import dev.locus.worker.TemporalConnection;
import dev.locus.worker.TemporalSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every query of every dashboard, run by a real Prometheus (Debian's package; .ci/run installs it) that scrapes two
 * real workers (one re-routes its sessions: its disk budget is too small) and the real operator reading the queues of
 * the real Temporal server (the CLI's dev server) they run on: each must parse and return data. Grafana's variables become ".*" and $__rate_interval becomes 1m.
 */
class DashboardQueriesApiServerIT {
  private String ns;
  private static final Path DASHBOARDS = Path.of("..", "helm", "locus", "files", "dashboards");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((?:(.+),\\s*)?(\\w+)\\)");
  private final HttpClient http = HttpClient.newHttpClient();
  private KubernetesClient client;

  @BeforeEach
  void realApiServer() {
    ControlPlane controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    client = controlPlane.admin();
    ns = controlPlane.namespace("dashboards");
  }
  @TempDir Path tmp;

  @Test
  void everyPanelQueryParsesAndReturnsData() throws Exception {
    RealDependency.require(new File("/usr/bin/prometheus").canExecute(), "Prometheus (/usr/bin/prometheus)",
        "apt-get install prometheus; .ci/run installs it");
    int w0 = Ports.free();
    int w1 = Ports.free();
    int operatorPort = Ports.free();
    int prometheusPort = Ports.free();
    List<LocusWorker> workers = new ArrayList<>();
    ServerUnderTest.TEMPORAL_CLI.assumeAvailable();
    try (DevServer temporal = TemporalCliServer.start("127.0.0.1", 0, false, tmp.resolve("temporal.log"))) {
      workers.add(startWorker(temporal, "w-0", w0, "1099511627776")); // 1 TiB reserve: every download is LocalDiskFull
      workers.add(startWorker(temporal, "w-1", w1, "0"));
      Path input = Files.write(tmp.resolve("input.bin"), new byte[256 * 1024]);
      TemporalSettings settings = TemporalSettings.of(temporal.address());
      var stubs = TemporalConnection.stubs(settings, null);
      FileProcessingClient files = new FileProcessingClient(TemporalConnection.client(stubs, settings, "test"),
          "file-processing-shared", temporal.profile());
      List<java.util.concurrent.CompletableFuture<?>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        files.start("dash-" + i, FileProcessingRequest.of(input.toUri().toString()));
        runs.add(files.result("dash-" + i));
      }
      // Only the metrics matter here. w-0 refuses every session, and nothing keeps a re-routed workflow from being
      // handed to w-0 again on each of its 5 attempts, so a workflow may end failed: wait for each to end, either way.
      for (var run : runs) {
        run.handle((result, failure) -> null).get(2, TimeUnit.MINUTES);
      }
      stubs.shutdown();

      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Operator operator = LocusOperator.create(client, null, registry, java.util.Set.of(ns));
      try (HealthServer operatorMetrics = new HealthServer("127.0.0.1", operatorPort, registry::scrape,
          java.util.Optional::empty)) {
        operator.start();
        FileProcessingPool pool = TestPools.onTemporal(ns, "files", 2, temporal.address());
        pool.getSpec().autoscaling = new dev.locus.operator.api.v1alpha1.AutoscalingSpec(); // the autoscaler panels
        pool.getSpec().autoscaling.minReplicas = 2;
        pool.getSpec().autoscaling.maxReplicas = 2;
        client.resource(pool).create();
        await().atMost(Duration.ofSeconds(60)).until(() -> registry.scrape().contains("locus_task_queue_backlog{"));

        Process prometheus = startPrometheus(prometheusPort, w0, w1, operatorPort);
        try {
          await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() ->
              get(prometheusPort, "/api/v1/query?query=" + encode("count(up == 1)")).contains("\"3\""));
          TimeUnit.SECONDS.sleep(6); // several scrapes, so rates have two samples
          int run = 0;
          List<String> empty = new ArrayList<>();
          for (Path file : dashboards()) {
            JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
            for (JsonNode panel : dashboard.get("panels")) {
              for (JsonNode target : panel.get("targets")) {
                run++;
                String expr = target.get("expr").asText().replace("$__rate_interval", "1m")
                    .replaceAll("\\$(namespace|pool|worker)", ".*");
                JsonNode answer = new ObjectMapper().readTree(
                    get(prometheusPort, "/api/v1/query?query=" + encode(expr)));
                assertThat(answer.get("status").asText()).as("%s: %s", panel.get("title"), expr).isEqualTo("success");
                if (answer.get("data").get("result").isEmpty()) {
                  empty.add(dashboard.get("title").asText() + " / " + panel.get("title").asText() + ": " + expr);
                }
              }
            }
            for (JsonNode variable : dashboard.get("templating").get("list")) {
              if (variable.get("type").asText().equals("query")) {
                run++;
                Matcher m = LABEL_VALUES.matcher(variable.get("query").get("query").asText());
                assertThat(m.matches()).isTrue();
                String match = m.group(1) == null ? "" : "?match[]=" + encode(m.group(1).replaceAll(
                    "\\$(namespace|pool|worker)", ".*"));
                JsonNode answer = new ObjectMapper().readTree(get(prometheusPort,
                    "/api/v1/label/" + m.group(2) + "/values" + match));
                if (answer.get("data").isEmpty()) {
                  empty.add(dashboard.get("title").asText() + " / variable " + variable.get("name").asText());
                }
              }
            }
          }
          System.out.printf("DASHBOARDS %d queries run, %d returned data%n", run, run - empty.size());
          assertThat(empty).as("queries that returned no data").isEmpty();
        } finally {
          prometheus.destroy();
          prometheus.waitFor(10, TimeUnit.SECONDS);
        }
      } finally {
        operator.stop();
      }
    } finally {
      workers.forEach(LocusWorker::stop);
    }
  }

  private LocusWorker startWorker(DevServer temporal, String id, int port, String diskReserve) {
    return InProcessLocusWorker.start(temporal.address(), id, port, "--work-dir", tmp.resolve(id).toString(),
        "--pool", "files", "--max-sessions", "1", "--disk-reserve-bytes", diskReserve);
  }

  private Process startPrometheus(int port, int... targets) throws Exception {
    StringBuilder config = new StringBuilder("global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
        + "scrape_configs:\n  - job_name: locus\n    static_configs:\n      - targets: [");
    for (int i = 0; i < targets.length; i++) {
      config.append(i == 0 ? "" : ", ").append("'127.0.0.1:").append(targets[i]).append("'");
    }
    config.append("]\n");
    Path file = Files.writeString(tmp.resolve("prometheus.yml"), config);
    return new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + file,
        "--storage.tsdb.path=" + tmp.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
  }

  private String get(int port, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static List<Path> dashboards() throws Exception {
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

}
