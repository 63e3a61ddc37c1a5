package dev.locus.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.locus.session.SessionHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CordonFileTest {
  @TempDir Path tmp;

  @Test
  void theFileCordonsAndUncordonsTheWorker() throws Exception {
    Path file = tmp.resolve("cordon");
    SessionHost host = new SessionHost("q", "files-2", 2);
    CordonFile cordon = new CordonFile(file, host);

    cordon.check();
    assertThat(host.isCordoned()).as("no file: not cordoned").isFalse();
    Files.writeString(file, "true");
    cordon.check();
    assertThat(host.isCordoned()).isTrue();
    Files.writeString(file, ""); // the annotation removed: a downward-API file is then empty
    cordon.check();
    assertThat(host.isCordoned()).isFalse();
    Files.writeString(file, "TRUE\n");
    cordon.check();
    assertThat(host.isCordoned()).isTrue();
    Files.delete(file);
    cordon.check();
    assertThat(host.isCordoned()).isFalse();
  }
}
