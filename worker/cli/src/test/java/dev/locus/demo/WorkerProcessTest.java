package dev.locus.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class WorkerProcessTest {
  private static final String EXPOSITION = """
      # HELP jvm_memory_used_bytes The amount of used memory
      # TYPE jvm_memory_used_bytes gauge
      jvm_memory_used_bytes{area="heap",id="G1 Eden Space",pool="demo"} 1.2E7
      jvm_memory_used_bytes{area="heap",id="G1 Old Gen",pool="demo"} 3000000.0
      jvm_memory_used_bytes{area="nonheap",id="Metaspace",pool="demo"} 5.0E7
      locus_sessions_active{pool="demo",worker="worker-1"} 2.0
      locus_sessions_active_total 9
      """;

  @Test
  void sumsTheSeriesOfOneMetricWhoseLabelsMatch() {
    assertThat(WorkerProcess.sumOf(EXPOSITION, "jvm_memory_used_bytes", "area", "heap")).hasValue(1.5E7);
    assertThat(WorkerProcess.sumOf(EXPOSITION, "jvm_memory_used_bytes")).hasValue(6.5E7);
    assertThat(WorkerProcess.sumOf(EXPOSITION, "locus_sessions_active")).hasValue(2.0);
    assertThat(WorkerProcess.sumOf(EXPOSITION, "locus_session_slots")).isEqualTo(OptionalDouble.empty());
  }
}
