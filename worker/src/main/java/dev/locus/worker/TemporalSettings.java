package dev.locus.worker;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How to reach Temporal. Flags win over the environment; secrets come from files or the environment only. */
public class TemporalSettings {
  @Option(names = "--temporal-address", defaultValue = "${env:TEMPORAL_ADDRESS:-127.0.0.1:7233}",
      description = "Temporal frontend host:port (env TEMPORAL_ADDRESS; default ${DEFAULT-VALUE})")
  public String address;

  @Option(names = "--namespace", defaultValue = "${env:TEMPORAL_NAMESPACE:-default}",
      description = "Temporal namespace (env TEMPORAL_NAMESPACE; default ${DEFAULT-VALUE})")
  public String namespace;

  @Option(names = "--tls-cert", defaultValue = "${env:TEMPORAL_TLS_CERT}",
      description = "client certificate (PEM) for mTLS (env TEMPORAL_TLS_CERT)")
  public Path tlsCert;

  @Option(names = "--tls-key", defaultValue = "${env:TEMPORAL_TLS_KEY}",
      description = "client private key (PKCS8 PEM) for mTLS (env TEMPORAL_TLS_KEY)")
  public Path tlsKey;

  @Option(names = "--tls", defaultValue = "${env:TEMPORAL_TLS:-false}",
      description = "use TLS without a client certificate (implied by an API key) (env TEMPORAL_TLS)")
  public boolean tls;

  /** Plain-text settings for {@code address} in namespace "default", as the demo and tests use them. */
  public static TemporalSettings of(String address) {
    TemporalSettings settings = new TemporalSettings();
    settings.address = address;
    settings.namespace = "default";
    return settings;
  }

  /** Read from the environment only, so that it never shows up in a process listing. */
  public String apiKey() {
    String key = System.getenv("TEMPORAL_API_KEY");
    return key == null || key.isBlank() ? null : key.trim();
  }
}
