package dev.locus.operator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated CRD itself: names, subresources, and a schema that rejects bad pools before the operator sees them. */
class CrdSchemaTest {
  static final Path CRD = Path.of("..", "deploy", "crds", "fileprocessingpools.locus.dev-v1.yml");
  private static final ObjectMapper json = new ObjectMapper();
  private static CustomResourceDefinition crd;
  private static JsonSchema schema;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = Files.newInputStream(CRD)) {
      crd = Serialization.unmarshal(in, CustomResourceDefinition.class);
    }
    JsonNode openApi = json.valueToTree(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
    schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(openApi);
  }

  static ObjectNode validPool() {
    ObjectNode pool = json.createObjectNode();
    pool.put("apiVersion", "locus.dev/v1alpha1").put("kind", "FileProcessingPool");
    pool.putObject("metadata").put("name", "files");
    ObjectNode spec = pool.putObject("spec");
    spec.put("replicas", 3).put("image", "registry.example.com/locus-worker:0.1.0");
    spec.putObject("temporal").put("address", "temporal-frontend.temporal:7233");
    return pool;
  }

  private static Set<ValidationMessage> validate(Consumer<ObjectNode> edit) {
    ObjectNode pool = validPool();
    edit.accept((ObjectNode) pool.get("spec"));
    return schema.validate(pool);
  }

  @Test
  void namesScaleAndStatusAreWhatKubectlNeeds() {
    assertThat(crd.getSpec().getGroup()).isEqualTo("locus.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("fpp");
    CustomResourceDefinitionVersion v = crd.getSpec().getVersions().get(0);
    assertThat(v.getName()).isEqualTo("v1alpha1");
    assertThat(v.getSubresources().getStatus()).isNotNull();
    assertThat(v.getSubresources().getScale().getSpecReplicasPath()).isEqualTo(".spec.replicas");
    assertThat(v.getSubresources().getScale().getStatusReplicasPath()).isEqualTo(".status.replicas");
    assertThat(v.getSubresources().getScale().getLabelSelectorPath()).isEqualTo(".status.selector");
    assertThat(v.getAdditionalPrinterColumns()).extracting(c -> c.getName() + " " + c.getJsonPath())
        .contains("Desired .spec.replicas", "Ready .status.readyReplicas", "Backlog .status.backlog",
            "Age .metadata.creationTimestamp");
  }

  @Test
  void acceptsAValidPool() {
    assertThat(schema.validate(validPool())).isEmpty();
    assertThat(validate(s -> s.putObject("storage").put("size", "1.5Ti"))).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "negative replicas        | replicas                | -1                 | minimum",
      "zero sessions            | maxConcurrentSessions   | 0                  | minimum",
      "bad queue name           | sharedTaskQueue         | 'files shared!'    | pattern",
      "queue name with @        | sharedTaskQueue         | 'q@host'           | pattern",
      "bad pull policy          | imagePullPolicy         | Sometimes          | pattern",
      "image with spaces        | image                   | 'my image'         | pattern",
      "tiny drain grace         | drainGraceSeconds       | 1                  | minimum"})
  void rejects(String name, String field, String value, String keyword) {
    Set<ValidationMessage> errors = validate(s -> {
      if (value.matches("-?\\d+")) {
        s.put(field, Integer.parseInt(value));
      } else {
        s.put(field, value);
      }
    });
    assertThat(errors).as(name).isNotEmpty().anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo(keyword);
      assertThat(e.getInstanceLocation().toString()).contains(field);
    });
  }

  @Test
  void rejectsAMissingImageAndTemporalAddress() {
    assertThat(validate(s -> s.remove("image"))).anySatisfy(e -> {
      assertThat(e.getType()).isEqualTo("required");
      assertThat(e.getMessage()).contains("image");
    });
    assertThat(validate(s -> ((ObjectNode) s.get("temporal")).remove("address")))
        .anySatisfy(e -> assertThat(e.getMessage()).contains("address"));
  }

  @Test
  void rejectsABadStorageQuantity() {
    assertThat(validate(s -> s.putObject("storage").put("size", "ten gigs")))
        .anySatisfy(e -> assertThat(e.getType()).isEqualTo("pattern"));
  }
}
