package dev.locus.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.locus.cli.LocusCommand;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TemporalSettingsTest {
  @TempDir Path tmp;

  @Test
  void defaultsWhenNothingIsSet() {
    TemporalSettings settings = TemporalSettings.fromEnvironment(Map.of("TEMPORAL_CONFIG_FILE", missingFile()));
    assertThat(settings.address()).isEqualTo("127.0.0.1:7233");
    assertThat(settings.namespace()).isEqualTo("default");
    assertThat(settings.profile().getTls()).isNull();
    assertThat(TemporalConnection.stubs(settings, null).getOptions().getSslContext()).isNull();
  }

  @Test
  void standardEnvironmentNames() {
    TemporalSettings settings = TemporalSettings.fromEnvironment(Map.of("TEMPORAL_CONFIG_FILE", missingFile(),
        "TEMPORAL_ADDRESS", "temporal.example:7233", "TEMPORAL_NAMESPACE", "files",
        "TEMPORAL_TLS_CLIENT_CERT_PATH", fixture("client.crt"), "TEMPORAL_TLS_CLIENT_KEY_PATH", fixture("client.key")));
    assertThat(settings.address()).isEqualTo("temporal.example:7233");
    assertThat(settings.namespace()).isEqualTo("files");
    assertThat(TemporalConnection.stubs(settings, null).getOptions().getSslContext()).isNotNull();
  }

  @Test
  void deprecatedNamesStillWorkWithAWarning() {
    List<String> warnings = new ArrayList<>();
    Map<String, String> env = TemporalSettings.withStandardNames(
        Map.of("TEMPORAL_TLS_CERT", "/old/cert", "TEMPORAL_TLS_KEY", "/old/key"), warnings::add);
    assertThat(env).containsEntry("TEMPORAL_TLS_CLIENT_CERT_PATH", "/old/cert")
        .containsEntry("TEMPORAL_TLS_CLIENT_KEY_PATH", "/old/key");
    assertThat(warnings).containsExactlyInAnyOrder(
        "TEMPORAL_TLS_CERT is deprecated; set TEMPORAL_TLS_CLIENT_CERT_PATH instead",
        "TEMPORAL_TLS_KEY is deprecated; set TEMPORAL_TLS_CLIENT_KEY_PATH instead");

    TemporalSettings legacy = TemporalSettings.fromEnvironment(Map.of("TEMPORAL_CONFIG_FILE", missingFile(),
        "TEMPORAL_TLS_CERT", fixture("client.crt"), "TEMPORAL_TLS_KEY", fixture("client.key")));
    assertThat(legacy.profile().getTls().getClientCertPath()).isEqualTo(fixture("client.crt"));
    assertThat(TemporalConnection.stubs(legacy, null).getOptions().getSslContext()).isNotNull();
  }

  @Test
  void theStandardNameWinsOverTheDeprecatedOne() {
    List<String> warnings = new ArrayList<>();
    Map<String, String> env = TemporalSettings.withStandardNames(
        Map.of("TEMPORAL_TLS_CERT", "/old/cert", "TEMPORAL_TLS_CLIENT_CERT_PATH", "/new/cert"), warnings::add);
    assertThat(env).containsEntry("TEMPORAL_TLS_CLIENT_CERT_PATH", "/new/cert");
    assertThat(warnings).singleElement().asString().contains("TEMPORAL_TLS_CLIENT_CERT_PATH wins");
  }

  @Test
  void profileFromTheConfigFileThenEnvironmentThenFlags() throws Exception {
    Path config = tmp.resolve("temporal.toml");
    Files.writeString(config, """
        [profile.default]
        address = "localhost:7233"

        [profile.prod]
        address = "prod.tmprl.cloud:7233"
        namespace = "prod-ns"
        """);
    Map<String, String> env = Map.of("TEMPORAL_CONFIG_FILE", config.toString(), "TEMPORAL_NAMESPACE", "from-env");

    TemporalSettings prod = parse(env, "--profile", "prod");
    assertThat(prod.address()).isEqualTo("prod.tmprl.cloud:7233");
    assertThat(prod.namespace()).isEqualTo("from-env");

    TemporalSettings flags = parse(env, "--profile", "prod", "--temporal-address", "flag:7233", "--namespace", "flag-ns");
    assertThat(flags.address()).isEqualTo("flag:7233");
    assertThat(flags.namespace()).isEqualTo("flag-ns");

    assertThat(parse(env).address()).isEqualTo("localhost:7233");
    assertThatThrownBy(() -> parse(env, "--profile", "staging").profile())
        .hasMessageContaining("Unable to find profile staging");
  }

  @Test
  void halfAClientCertificateIsAClearError() {
    TemporalSettings settings = parse(Map.of("TEMPORAL_CONFIG_FILE", missingFile()), "--tls-cert", fixture("client.crt"));
    assertThatThrownBy(settings::profile).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("mTLS needs both a client certificate and a key");
  }

  @Test
  void anUnreadableCertificateIsAClearError() {
    TemporalSettings settings = parse(Map.of("TEMPORAL_CONFIG_FILE", missingFile()),
        "--tls-cert", tmp.resolve("nope.crt").toString(), "--tls-key", fixture("client.key"));
    assertThatThrownBy(() -> TemporalConnection.stubs(settings, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot set up TLS for Temporal").hasMessageContaining("nope.crt");
  }

  @Test
  void theCommandLineShowsAnUnreadableCertificateInOneLine() {
    var err = new java.io.StringWriter();
    CommandLine cli = LocusCommand.commandLine();
    cli.setErr(new java.io.PrintWriter(err));
    int code = cli.execute("submit", "--tls-cert", tmp.resolve("nope.crt").toString(), "--tls-key",
        fixture("client.key"), "file:///x");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).startsWith("locus submit: cannot set up TLS for Temporal").contains("nope.crt");
  }

  private TemporalSettings parse(Map<String, String> env, String... args) {
    TemporalSettings settings = TemporalSettings.fromEnvironment(env);
    new CommandLine(settings).parseArgs(args);
    return settings;
  }

  private String missingFile() {
    return tmp.resolve("no-such-config.toml").toString();
  }

  private static String fixture(String name) {
    try {
      return Path.of(TemporalSettingsTest.class.getResource("/tls/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
