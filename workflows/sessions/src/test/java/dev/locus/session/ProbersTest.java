package dev.locus.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** In which order a probed worker's watch asks the other workers to probe it: about one probe per worker. */
class ProbersTest {
  @ParameterizedTest(name = "{0} among {1}: tried in order {2}")
  @CsvSource(delimiter = '|', value = {
      "q-b | q-a,q-b,q-c,q-d | q-c,q-d,q-a",
      "q-d | q-a,q-b,q-c,q-d | q-a,q-b,q-c",
      "q-a | q-c,q-a,q-b     | q-b,q-c",
      // not a member (yet): all of them, from the one after it
      "q-bb | q-a,q-b,q-c    | q-c,q-a,q-b",
      "q-a | q-a             | ''",
  })
  void probersAreTriedFromTheOneAfterTheWorker(String worker, String members, String order) {
    assertThat(Probers.after(worker, List.of(members.split(","))))
        .isEqualTo(order.isEmpty() ? List.of() : List.of(order.split(",")));
  }
}
