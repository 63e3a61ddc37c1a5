package dev.locus.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** Where the workers find Temporal. Secrets are referenced, never inlined. */
public class TemporalConnectionSpec {
  @Required
  @JsonPropertyDescription("Temporal frontend host:port, e.g. temporal-frontend.temporal:7233")
  public String address;

  @Default("default")
  @JsonPropertyDescription("Temporal namespace")
  public String namespace = "default";

  @JsonPropertyDescription("Secret with tls.crt and tls.key for mTLS")
  public String tlsSecretRef;

  @JsonPropertyDescription("Secret with key 'api-key' holding a Temporal API key (TLS is then on)")
  public String apiKeySecretRef;
}
