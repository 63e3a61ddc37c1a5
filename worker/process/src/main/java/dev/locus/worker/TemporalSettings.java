package dev.locus.worker;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * How to reach Temporal: the SDK's client configuration (the profiles file and the standard {@code TEMPORAL_*}
 * names, through temporal-envconfig), then these flags on top. Secrets come from files or the environment only.
 */
public class TemporalSettings {
  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";
  /** Names Locus read before it used temporal-envconfig, and the standard names that replace them. */
  static final Map<String, String> DEPRECATED_NAMES = Map.of(
      "TEMPORAL_TLS_CERT", "TEMPORAL_TLS_CLIENT_CERT_PATH",
      "TEMPORAL_TLS_KEY", "TEMPORAL_TLS_CLIENT_KEY_PATH");
  private static final Logger log = LoggerFactory.getLogger(TemporalSettings.class);

  @Option(names = "--temporal-address",
      description = "Temporal frontend host:port (env TEMPORAL_ADDRESS; default " + DEFAULT_ADDRESS + ")")
  String address;

  @Option(names = "--namespace",
      description = "Temporal namespace (env TEMPORAL_NAMESPACE; default " + DEFAULT_NAMESPACE + ")")
  String namespace;

  @Option(names = "--profile", description = "profile of the Temporal client config file (env TEMPORAL_PROFILE;"
      + " file from TEMPORAL_CONFIG_FILE, else ~/.config/temporalio/temporal.toml)")
  String profile;

  @Option(names = "--tls-cert",
      description = "client certificate (PEM) for mTLS (env TEMPORAL_TLS_CLIENT_CERT_PATH)")
  Path tlsCert;

  @Option(names = "--tls-key",
      description = "client private key (PKCS8 PEM) for mTLS (env TEMPORAL_TLS_CLIENT_KEY_PATH)")
  Path tlsKey;

  @Option(names = "--tls", description = "use TLS without a client certificate (implied by an API key) (env TEMPORAL_TLS)")
  boolean tls;

  private Map<String, String> environment = System.getenv();
  private boolean readFileAndEnvironment = true;
  private ClientConfigProfile resolved;

  /** Plain-text settings for {@code address} in namespace "default", ignoring the environment and profiles. */
  public static TemporalSettings of(String address) {
    TemporalSettings settings = new TemporalSettings();
    settings.address = address;
    settings.readFileAndEnvironment = false;
    return settings;
  }

  /** Settings read from {@code environment} instead of the process's, as a test gives them. */
  static TemporalSettings fromEnvironment(Map<String, String> environment) {
    TemporalSettings settings = new TemporalSettings();
    settings.environment = environment;
    return settings;
  }

  /** The resolved client configuration: file profile, then environment, then flags, then Locus's defaults. */
  public synchronized ClientConfigProfile profile() {
    if (resolved == null) {
      resolved = resolve();
    }
    return resolved;
  }

  public String address() {
    return profile().getAddress();
  }

  public String namespace() {
    return profile().getNamespace();
  }

  private ClientConfigProfile resolve() {
    ClientConfigProfile loaded = readFileAndEnvironment ? load() : ClientConfigProfile.getDefaultInstance();
    ClientConfigProfile.Builder result = loaded.toBuilder();
    if (address != null) {
      result.setAddress(address);
    }
    if (namespace != null) {
      result.setNamespace(namespace);
    }
    if (isBlank(loaded.getAddress()) && address == null) {
      result.setAddress(DEFAULT_ADDRESS);
    }
    if (isBlank(loaded.getNamespace()) && namespace == null) {
      result.setNamespace(DEFAULT_NAMESPACE);
    }
    ClientConfigTLS tlsConfig = flagsOnTls(loaded.getTls());
    result.setTls(tlsConfig);
    if (tlsConfig != null && hasCertificate(tlsConfig) != hasKey(tlsConfig)) {
      throw new IllegalArgumentException("mTLS needs both a client certificate and a key"
          + " (--tls-cert and --tls-key, or TEMPORAL_TLS_CLIENT_CERT_PATH and TEMPORAL_TLS_CLIENT_KEY_PATH)");
    }
    return result.build();
  }

  private ClientConfigTLS flagsOnTls(ClientConfigTLS fromProfile) {
    if (tlsCert == null && tlsKey == null && !tls) {
      return fromProfile;
    }
    ClientConfigTLS.Builder builder = fromProfile == null ? ClientConfigTLS.newBuilder() : fromProfile.toBuilder();
    builder.setDisabled(false);
    if (tlsCert != null) {
      builder.setClientCertPath(tlsCert.toString());
    }
    if (tlsKey != null) {
      builder.setClientKeyPath(tlsKey.toString());
    }
    return builder.build();
  }

  private ClientConfigProfile load() {
    LoadClientConfigProfileOptions.Builder options = LoadClientConfigProfileOptions.newBuilder()
        .setEnvOverrides(withStandardNames(environment, log::warn));
    if (profile != null) {
      options.setConfigFileProfile(profile);
    }
    try {
      return ClientConfigProfile.load(options.build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Temporal client config file: " + e.getMessage(), e);
    }
  }

  /** {@code environment} with each deprecated name copied to its standard one, unless that is set too. */
  static Map<String, String> withStandardNames(Map<String, String> environment, Consumer<String> warn) {
    Map<String, String> result = new HashMap<>(environment);
    DEPRECATED_NAMES.forEach((old, standard) -> {
      if (environment.containsKey(old)) {
        warn.accept(old + " is deprecated; set " + standard + " instead"
            + (environment.containsKey(standard) ? " (both are set: " + standard + " wins)" : ""));
        result.putIfAbsent(standard, environment.get(old));
      }
    });
    return result;
  }

  private static boolean hasCertificate(ClientConfigTLS tls) {
    return tls.getClientCertPath() != null || tls.getClientCertData() != null;
  }

  private static boolean hasKey(ClientConfigTLS tls) {
    return tls.getClientKeyPath() != null || tls.getClientKeyData() != null;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }
}
