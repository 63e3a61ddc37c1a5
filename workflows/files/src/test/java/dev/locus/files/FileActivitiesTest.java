package dev.locus.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.locus.testing.HttpFixture;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileActivitiesTest {
  private static final byte[] DATA = new byte[3 * 1024 * 1024 + 17];

  static {
    new Random(7).nextBytes(DATA);
  }

  @TempDir Path workDir;
  @TempDir Path elsewhere;
  private final OpenSessions sessions = new OpenSessions();
  private final HttpFixture http = new HttpFixture();
  private TestActivityEnvironment env;
  private FileActivities files;
  private String session;

  @BeforeEach
  void setUp() {
    http.body("/data.bin", DATA).status("/missing", 404).status("/broken", 503).putTarget("/upload/")
        .redirect("/moved", "/data.bin").redirect("/away", "http://localhost:1/secret");
    session = sessions.open(UUID.randomUUID().toString());
    files = activities(SourcePolicy.parse(null, false), 0);
  }

  private FileActivities activities(SourcePolicy policy, long reserve) {
    if (env != null) {
      env.close();
    }
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new FileActivitiesImpl(sessions, workDir, policy, reserve));
    return env.newActivityStub(FileActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofMinutes(1))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    env.close();
    http.close();
  }

  private Path sessionDir() {
    return workDir.resolve("sessions").resolve(session);
  }

  private static ApplicationFailure failureOf(Runnable call) {
    ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, call::run);
    assertThat(failure).as("the activity should have failed").isNotNull();
    assertThat(failure.getCause()).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) failure.getCause();
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void downloadsProcessesAndUploadsWithCorrectChecksums() throws Exception {
    LocalFile input = files.download(session, http.url("/data.bin"));
    assertThat(input.sizeBytes()).isEqualTo(DATA.length);
    assertThat(sessionDir().resolve(input.name())).hasBinaryContent(DATA);

    ProcessedFile processed = files.process(session, input, "gzip");
    assertThat(processed.inputSha256()).isEqualTo(sha256(DATA));
    Path gz = sessionDir().resolve(processed.output().name());
    assertThat(sha256(Files.readAllBytes(gz))).isEqualTo(processed.sha256());
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      assertThat(in.readAllBytes()).isEqualTo(DATA);
    }

    String location = files.upload(session, processed, elsewhere.toUri() + "out/");
    Path uploaded = Path.of(java.net.URI.create(location));
    assertThat(uploaded).startsWith(elsewhere).exists();
    assertThat(sha256(Files.readAllBytes(uploaded))).isEqualTo(processed.sha256());

    String put = files.upload(session, processed, http.url("/upload/"));
    assertThat(put).startsWith(http.url("/upload/"));
    assertThat(http.putSha256.get(java.net.URI.create(put).getPath())).isEqualTo(processed.sha256());
  }

  /** Leaves what a download cut short leaves: the first {@code have} bytes, and the source's entity tag. */
  private void cutShort(int have, String etag) throws Exception {
    Files.createDirectories(sessionDir());
    Files.write(sessionDir().resolve(FileActivitiesImpl.INPUT), Arrays.copyOf(DATA, have));
    Files.writeString(sessionDir().resolve(FileActivitiesImpl.INPUT_VALIDATOR), etag);
  }

  @Test
  void aDownloadCutShortAsksOnlyForTheRestWhenTheSourceIsUnchanged() throws Exception {
    http.ranged("/ranged.bin", DATA, "\"v1\"");
    cutShort(DATA.length / 3, "\"v1\"");
    LocalFile input = files.download(session, http.url("/ranged.bin"));
    assertThat(input.sizeBytes()).isEqualTo(DATA.length);
    assertThat(sessionDir().resolve(input.name())).hasBinaryContent(DATA);
    assertThat(http.bytesServed()).isEqualTo(DATA.length - DATA.length / 3);
  }

  @Test
  void aDownloadCutShortStartsAgainWhenTheSourceChanged() throws Exception {
    http.ranged("/ranged.bin", DATA, "\"v2\"");
    cutShort(DATA.length / 3, "\"v1\"");
    LocalFile input = files.download(session, http.url("/ranged.bin"));
    assertThat(sessionDir().resolve(input.name())).hasBinaryContent(DATA);
    assertThat(http.bytesServed()).isEqualTo(DATA.length);
  }

  @Test
  void aDownloadThatHadEndedIsNotFetchedAgain() throws Exception {
    http.ranged("/ranged.bin", DATA, "\"v1\"");
    cutShort(DATA.length, "\"v1\"");
    LocalFile input = files.download(session, http.url("/ranged.bin"));
    assertThat(input.sizeBytes()).isEqualTo(DATA.length);
    assertThat(sessionDir().resolve(input.name())).hasBinaryContent(DATA);
    assertThat(http.bytesServed()).isZero();
  }

  @Test
  void aFailedDownloadOfASourceWithoutEntityTagLeavesNothing() throws Exception {
    Files.createDirectories(sessionDir());
    Files.write(sessionDir().resolve(FileActivitiesImpl.INPUT), Arrays.copyOf(DATA, 10));
    failureOf(() -> files.download(session, http.url("/broken")));
    assertThat(sessionDir().resolve(FileActivitiesImpl.INPUT)).doesNotExist();
  }

  @Test
  void identityTransformOnlyHashes() throws Exception {
    ProcessedFile processed = files.process(session, files.download(session, http.url("/data.bin")), "identity");
    assertThat(processed.sha256()).isEqualTo(sha256(DATA)).isEqualTo(processed.inputSha256());
    assertThat(processed.output().name()).isEqualTo("input.bin");
  }

  @Test
  void followsRedirectsOnlyWithinTheAllowlist() {
    files = activities(SourcePolicy.parse(http.url(""), true), 0);
    assertThat(files.download(session, http.url("/moved")).sizeBytes()).isEqualTo(DATA.length);
    ApplicationFailure f = failureOf(() -> files.download(session, http.url("/away")));
    assertThat(f.getType()).isEqualTo("SourceNotAllowed");
    assertThat(f.getOriginalMessage()).contains("redirect target", "localhost:1");
  }

  @Test
  void notFoundIsANonRetryableClientError() {
    ApplicationFailure f = failureOf(() -> files.download(session, http.url("/missing")));
    assertThat(f.getType()).isEqualTo("HttpClientError");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(f.getOriginalMessage()).contains("GET", "/missing", "404");
    assertThat(sessionDir().resolve("input.bin")).doesNotExist();
  }

  @Test
  void serverErrorsAndRefusedConnectionsAreRetryable() {
    ApplicationFailure broken = failureOf(() -> files.download(session, http.url("/broken")));
    assertThat(broken.getType()).isEqualTo("HttpServerError");
    assertThat(broken.isNonRetryable()).isFalse();

    ApplicationFailure refused = failureOf(() -> files.download(session, "http://127.0.0.1:1/nothing"));
    assertThat(refused.getType()).isEqualTo("Unreachable");
    assertThat(refused.isNonRetryable()).isFalse();
    assertThat(refused.getOriginalMessage()).contains("connection refused", "127.0.0.1:1");
  }

  @Test
  void unknownSchemesAndPodModeFileUrlsAreRefused() {
    ApplicationFailure ftp = failureOf(() -> files.download(session, "ftp://example.com/x"));
    assertThat(ftp.getType()).isEqualTo("SourceNotAllowed");
    assertThat(ftp.isNonRetryable()).isTrue();
    assertThat(ftp.getOriginalMessage()).contains("scheme 'ftp' is not supported");

    files = activities(SourcePolicy.parse(null, true), 0);
    ApplicationFailure file = failureOf(() -> files.download(session, "file:///etc/passwd"));
    assertThat(file.getOriginalMessage()).contains("refused in pod mode");
  }

  @Test
  void localNamesNeverComeFromInput() throws Exception {
    Path secret = Files.writeString(workDir.resolve("secret.txt"), "secret");
    ApplicationFailure traversal =
        failureOf(() -> files.process(session, new LocalFile("../../secret.txt", 6), "gzip"));
    assertThat(traversal.getType()).isEqualTo("InvalidRequest");
    assertThat(secret).hasContent("secret");

    ApplicationFailure badSession = failureOf(() -> files.download("../../escape", http.url("/data.bin")));
    assertThat(badSession.getType()).isEqualTo("locus.LocalDataMissing");
    assertThat(workDir.resolve("escape")).doesNotExist();

    assertThat(FileActivitiesImpl.outputName("../../etc/passwd", Path.of("output.gz")))
        .doesNotContain("/").doesNotStartWith(".").endsWith(".gz");
    assertThat(FileActivitiesImpl.outputName("a/b", Path.of("output.gz")))
        .isNotEqualTo(FileActivitiesImpl.outputName("a_b", Path.of("output.gz")));
  }

  @Test
  void missingLocalInputIsLocalDataMissing() throws Exception {
    LocalFile input = files.download(session, http.url("/data.bin"));
    Files.delete(sessionDir().resolve(input.name()));
    ApplicationFailure f = failureOf(() -> files.process(session, input, "gzip"));
    assertThat(f.getType()).isEqualTo("locus.LocalDataMissing");

    String closed = UUID.randomUUID().toString();
    ApplicationFailure notOpen = failureOf(() -> files.process(closed, input, "gzip"));
    assertThat(notOpen.getType()).isEqualTo("locus.LocalDataMissing");
    assertThat(notOpen.getOriginalMessage()).contains("no longer open on worker test-worker");
  }

  @Test
  void closingTheSessionRemovesItsFiles() {
    files.download(session, http.url("/data.bin"));
    assertThat(sessionDir()).isDirectory();
    sessions.close(session);
    assertThat(sessionDir()).doesNotExist();
  }

  @Test
  void aStepStopsOnceItsSessionHasEndedOnThisWorker() throws Exception {
    http.slow("/slow", 64 * 1024 * 100);
    java.util.concurrent.CompletableFuture<Throwable> download = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> catchThrowableOfType(ActivityFailure.class, () -> files.download(session, http.url("/slow"))));
    Thread.sleep(500);
    sessions.close(session);
    Throwable failure = download.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(failure).isNotNull();
    ApplicationFailure cause = (ApplicationFailure) failure.getCause();
    assertThat(cause.getType()).isEqualTo("locus.LocalDataMissing");
    assertThat(cause.getOriginalMessage()).contains("no longer open on worker test-worker (LocalDataMissing): stopping this step");
  }

  @Test
  void notEnoughRoomUpFrontIsLocalDiskFull() {
    files = activities(SourcePolicy.permissive(), Long.MAX_VALUE / 2);
    ApplicationFailure f = failureOf(() -> files.download(session, http.url("/data.bin")));
    assertThat(f.getType()).isEqualTo("files.LocalDiskFull");
    assertThat(f.isNonRetryable()).isTrue();
    assertThat(sessionDir().resolve("input.bin")).doesNotExist();
  }

  @Test
  void aDiskThatFillsUpMidWriteIsLocalDiskFullAndLeavesNoPartialFile() throws Exception {
    Path mount = Files.createDirectories(workDir.resolve("small"));
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount.toString())
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assumeThat(p.waitFor()).as("a 1 MiB tmpfs is needed (root): " + output).isZero();
    try {
      Path smallWorkDir = mount.resolve("work");
      env.close();
      env = TestActivityEnvironment.newInstance();
      env.registerActivitiesImplementations(
          new FileActivitiesImpl(sessions, smallWorkDir, SourcePolicy.permissive(), 0));
      FileActivities small = env.newActivityStub(FileActivities.class, ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
      // Chunked: the size is unknown up front, so the disk fills up mid-write.
      http.chunked("/chunked", DATA);
      ApplicationFailure f = failureOf(() -> small.download(session, http.url("/chunked")));
      assertThat(f.getType()).isEqualTo("files.LocalDiskFull");
      assertThat(f.getOriginalMessage()).contains("no space left");
      assertThat(smallWorkDir.resolve("sessions").resolve(session).resolve("input.bin")).doesNotExist();
    } finally {
      new ProcessBuilder("umount", mount.toString()).start().waitFor();
    }
  }
}
