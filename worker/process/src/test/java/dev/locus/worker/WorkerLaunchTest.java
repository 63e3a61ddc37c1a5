package dev.locus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.launch.WorkerLaunch;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine;

/** What the demo, the benchmarks and the operator launch workers with is what {@code locus worker} reads. */
class WorkerLaunchTest {
  @Test
  void everySettingIsAWorkerFlagReadFromItsEnvironmentVariable() {
    var spec = new CommandLine(new WorkerSettings()).getCommandSpec().interpolateVariables(false);
    for (WorkerLaunch.Setting setting : WorkerLaunch.Setting.values()) {
      OptionSpec option = spec.findOption(setting.flag);
      assertThat(option).as(setting.flag).isNotNull();
      String fromEnvironment = option.defaultValue() == null ? String.join(" ", option.description())
          : option.defaultValue();
      assertThat(fromEnvironment).as(setting.flag).contains(setting.env);
    }
  }

  @Test
  void flagsParseBackToTheSettings() {
    WorkerLaunch launch = new WorkerLaunch().temporalAddress("t:7233").workerId("w-3").sharedQueue("q")
        .maxSessions(4).workDir(Path.of("/data")).http("127.0.0.1", 9000).allowedSources("https://*.example.com")
        .drainGrace(Duration.ofMillis(1500)).pool("p").advertiseAddress("10.1.2.3");
    WorkerSettings settings = CommandLine.populateCommand(new WorkerSettings(), launch.args().toArray(String[]::new));
    assertThat(settings.temporal.address()).isEqualTo("t:7233");
    assertThat(settings.workerId).isEqualTo("w-3");
    assertThat(settings.sharedQueue).isEqualTo("q");
    assertThat(settings.maxSessions).isEqualTo(4);
    assertThat(settings.workDir).isEqualTo(Path.of("/data"));
    assertThat(settings.httpBind).isEqualTo("127.0.0.1");
    assertThat(settings.httpPort).isEqualTo(9000);
    assertThat(settings.allowedSources).isEqualTo("https://*.example.com");
    assertThat(settings.drainGrace).isEqualTo(Duration.ofMillis(1500));
    assertThat(settings.pool).isEqualTo("p");
    assertThat(settings.probeBase(9000)).isEqualTo(URI.create("http://10.1.2.3:9000/"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({"fd00::5, http://[fd00::5]:9464/", "pool-0.pool-workers, http://pool-0.pool-workers:9464/"})
  void anAdvertisedAddressIsWhereOtherWorkersProbeTheHttpPort(String address, String base) {
    WorkerSettings settings = CommandLine.populateCommand(new WorkerSettings(), "--advertise-address", address);
    assertThat(settings.probeBase(9464)).isEqualTo(URI.create(base));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://10.1.2.3", "10.1.2.3:8080", "bad host"})
  void anAdvertisedAddressThatIsNotAHostIsRefusedSayingWhatItMustBe(String address) {
    WorkerSettings settings = CommandLine.populateCommand(new WorkerSettings(), "--worker-id", "w-0",
        "--advertise-address", address);
    assertThatThrownBy(settings::validate).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--advertise-address must be a host name or an IP address").hasMessageContaining(address);
  }

  @Test
  void withoutAnAdvertisedAddressNoWorkerProbesThisOne() {
    WorkerSettings settings = CommandLine.populateCommand(new WorkerSettings(), "--worker-id", "w-0");
    assertThat(settings.probeBase(9464)).isNull();
  }

  @Test
  void environmentSpellsWholeSecondsAsAPodSpecDoes() {
    assertThat(new WorkerLaunch().drainGrace(Duration.ofSeconds(20)).maxSessions(2).env())
        .containsExactly(java.util.Map.entry("LOCUS_MAX_SESSIONS", "2"), java.util.Map.entry("LOCUS_DRAIN_GRACE", "20s"));
  }
}
