package dev.locus.operator;

import static org.awaitility.Awaitility.await;

import dev.locus.operator.api.v1alpha1.FileProcessingPool;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.Operator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Benchmark (bench/operator-latency.sh, not part of mvn verify): time from a pool's spec change to its StatefulSet
 * carrying the change, for 1 and 100 pools changed at once, on the real API server (ControlPlane; the real StatefulSet
 * controller creates the pods, which stay Pending). Prints; asserts nothing timed.
 */
@Tag("bench")
class ReconcileLatencyBench {
  @ParameterizedTest
  @ValueSource(ints = {1, 100})
  void specChangeToStatefulSet(int pools) throws Exception {
    ControlPlane controlPlane = ControlPlane.get();
    controlPlane.installCrd();
    KubernetesClient client = controlPlane.admin();
    String ns = controlPlane.namespace("bench");
    Operator operator = LocusOperator.create(client, null, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
        java.util.Set.of(ns));
    operator.start();
    Map<String, Long> updatedAt = new ConcurrentHashMap<>();
    var watch = client.apps().statefulSets().inNamespace(ns).watch(new Watcher<StatefulSet>() {
      @Override
      public void eventReceived(Action action, StatefulSet s) {
        if (s.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":0.2.0")) {
          updatedAt.putIfAbsent(s.getMetadata().getName(), System.nanoTime());
        }
      }

      @Override
      public void onClose(WatcherException cause) {}
    });
    try {
      for (int i = 0; i < pools; i++) {
        client.resource(TestPools.pool(ns, "p" + i, 2)).create();
      }
      await().atMost(Duration.ofMinutes(2)).until(() ->
          client.apps().statefulSets().inNamespace(ns).list().getItems().size() == pools);
      Map<String, Long> changedAt = new ConcurrentHashMap<>();
      for (int i = 0; i < pools; i++) {
        String name = "p" + i;
        await().ignoreExceptions().until(() -> {
          FileProcessingPool p = client.resources(FileProcessingPool.class).inNamespace(ns).withName(name).get();
          p.getSpec().image = "registry.example.com/locus-worker:0.2.0";
          client.resource(p).update();
          changedAt.put(name, System.nanoTime());
          return true;
        });
      }
      await().atMost(Duration.ofMinutes(2)).until(() -> updatedAt.size() == pools);
      List<Long> millis = new ArrayList<>();
      changedAt.forEach((name, t) -> millis.add((updatedAt.get(name) - t) / 1_000_000));
      millis.sort(null);
      System.out.printf("RECONCILE %d pool(s): spec change -> StatefulSet updated: median %d ms, p95 %d ms,"
          + " max %d ms%n", pools, millis.get(millis.size() / 2), millis.get((int) (millis.size() * 0.95)),
          millis.get(millis.size() - 1));
    } finally {
      watch.close();
      operator.stop();
      client.close();
    }
  }
}
