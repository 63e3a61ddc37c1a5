package dev.locus.files;

import dev.locus.session.LocalSessions;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The file steps, run on the worker that holds the session. Memory use is constant: every step streams through a
 * 1 MiB buffer. Local file names are chosen here, never taken from URLs or workflow input.
 */
public class FileActivitiesImpl implements FileActivities {
  static final String INPUT = "input.bin";
  /** The entity tag of the source of {@link #INPUT}, while it may be resumed from the bytes it has. */
  static final String INPUT_VALIDATOR = "input.etag";
  private static final Pattern LOCAL_NAME = Pattern.compile("(input|output)\\.(bin|gz)");
  private static final int BUFFER = 1 << 20;
  private static final long HEARTBEAT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

  private final LocalSessions host;
  private final SessionFolders folders;
  private final Path outputDir;
  private final SourcePolicy policy;
  private final long diskReserveBytes;
  private Counter bytesDownloaded;

  public FileActivitiesImpl(LocalSessions host, Path workDir, SourcePolicy policy, long diskReserveBytes) {
    this.host = host;
    this.folders = new SessionFolders(workDir);
    this.outputDir = workDir.toAbsolutePath().normalize().resolve("outputs");
    this.policy = policy;
    this.diskReserveBytes = diskReserveBytes;
    folders.clearAllExcept(host.resumableSessions());
    host.onSessionClosed(folders::delete);
  }

  /** Publishes locus_bytes_downloaded_total and locus_local_disk_free_bytes. */
  public FileActivitiesImpl bindMetrics(MeterRegistry registry) {
    bytesDownloaded = Counter.builder("locus.bytes.downloaded")
        .description("Bytes this worker downloaded from sources").register(registry);
    Gauge.builder("locus.local.disk.free", this, FileActivitiesImpl::diskFreeBytes)
        .baseUnit("bytes").description("Usable space on the worker's local volume").register(registry);
    return this;
  }

  @Override
  public LocalFile download(String sessionId, String source) {
    Path dir = sessionFolder(sessionId, true);
    URI uri = allowed("source", source);
    Path target = dir.resolve(INPUT);
    Path validator = dir.resolve(INPUT_VALIDATOR);
    try {
      Progress progress = new Progress(sessionId);
      long bytes = uri.getScheme().equalsIgnoreCase("file") ? copyFile(Path.of(uri), target, progress, bytesDownloaded)
          : httpGet(uri, target, validator, progress);
      return new LocalFile(INPUT, bytes);
    } catch (IOException e) {
      keepIfResumable(target, validator);
      throw TransferFailures.io("download", uri, e);
    } catch (RuntimeException e) {
      keepIfResumable(target, validator);
      throw e;
    }
  }

  /**
   * After a failed download: the bytes of a source with an entity tag stay, for the next attempt in this session (a
   * retry, or the session resumed after a restart) to ask only for the rest; others go.
   */
  private static void keepIfResumable(Path target, Path validator) {
    if (!Files.exists(validator)) {
      deleteQuietly(target);
    }
  }

  /** The download of this session cut short earlier, if its source had an entity tag. */
  private static HttpTransfer.Partial partialDownload(Path target, Path validator) {
    try {
      return Files.exists(validator) && Files.exists(target)
          ? new HttpTransfer.Partial(Files.size(target), Files.readString(validator)) : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public ProcessedFile process(String sessionId, LocalFile input, String transformId) {
    Path dir = sessionFolder(sessionId, false);
    Path in = localFile(dir, input.name());
    Transform transform;
    try {
      transform = Transform.parse(transformId);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidRequest");
    }
    Path out = transform == Transform.IDENTITY ? in : dir.resolve("output" + transform.extension());
    try {
      long size = Files.size(in);
      if (out != in) {
        ensureRoom(dir, size + size / 100 + 1024);
      }
      MessageDigest inDigest = sha256();
      MessageDigest outDigest = sha256();
      try (InputStream from = Files.newInputStream(in);
           OutputStream to = out == in ? OutputStream.nullOutputStream() : transformed(out, outDigest, transform)) {
        byte[] buffer = new byte[BUFFER];
        Progress progress = new Progress(sessionId);
        long done = 0;
        for (int n; (n = from.read(buffer)) > 0; ) {
          inDigest.update(buffer, 0, n);
          to.write(buffer, 0, n);
          done += n;
          progress.beat(done);
        }
      }
      String inputSha = hex(inDigest);
      String outputSha = out == in ? inputSha : hex(outDigest);
      return new ProcessedFile(new LocalFile(out.getFileName().toString(), Files.size(out)), outputSha, size, inputSha);
    } catch (IOException e) {
      if (out != in) {
        deleteQuietly(out);
      }
      throw TransferFailures.io("process", in.toUri(), e);
    }
  }

  @Override
  public String upload(String sessionId, ProcessedFile processed, String destination) {
    Path dir = sessionFolder(sessionId, false);
    Path file = localFile(dir, processed.output().name());
    String name = outputName(Activity.getExecutionContext().getInfo().getWorkflowId(), file);
    URI target;
    if (destination == null || destination.isBlank()) {
      target = outputDir.resolve(name).toUri();
    } else {
      URI dest = allowed("destination", destination);
      target = destination.endsWith("/") ? dest.resolve(name) : dest;
    }
    try {
      if (target.getScheme().equalsIgnoreCase("file")) {
        Path path = Path.of(target);
        Files.createDirectories(path.getParent());
        Path partial = path.resolveSibling("." + path.getFileName() + ".partial");
        copyFile(file, partial, new Progress(sessionId), null);
        Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return path.toUri().toString();
      }
      HttpTransfer.put(file, target);
      return TransferFailures.redact(target);
    } catch (IOException e) {
      throw TransferFailures.io("upload to", target, e);
    }
  }

  /**
   * GET with redirects checked against the allowlist, and room on the disk for what the source announces; from where
   * an earlier attempt of this session stopped, when the source has not changed since.
   */
  private long httpGet(URI uri, Path target, Path validator, Progress progress) throws IOException {
    return HttpTransfer.get(uri, next -> allowed("redirect target", next.toString()),
        partialDownload(target, validator), (in, answer) -> {
          if (answer.announcedLength() > 0) {
            ensureRoom(target.getParent(), answer.announcedLength());
          }
          if (answer.validator() != null) {
            Files.writeString(validator, answer.validator());
          } else {
            Files.deleteIfExists(validator);
          }
          return copy(in, target, answer.offset(), progress, bytesDownloaded);
        });
  }

  private long copyFile(Path from, Path to, Progress progress, Counter counter) throws IOException {
    ensureRoom(to.getParent(), Files.size(from));
    try (InputStream in = Files.newInputStream(from)) {
      return copy(in, to, 0, progress, counter);
    }
  }

  /** Copies {@code in} to {@code to}, after its first {@code offset} bytes (kept) or from scratch (offset 0). */
  private static long copy(InputStream in, Path to, long offset, Progress progress, Counter counter)
      throws IOException {
    byte[] buffer = new byte[BUFFER];
    long total = 0;
    try (OutputStream out = offset > 0 ? Files.newOutputStream(to, StandardOpenOption.APPEND)
        : Files.newOutputStream(to)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
        total += n;
        if (counter != null) {
          counter.increment(n);
        }
        progress.beat(offset + total);
      }
    }
    return total;
  }

  private static OutputStream transformed(Path out, MessageDigest digest, Transform transform) throws IOException {
    OutputStream file = new DigestOutputStream(Files.newOutputStream(out), digest);
    return switch (transform) {
      case GZIP -> new GZIPOutputStream(file, BUFFER) {
        {
          def.setLevel(Deflater.BEST_SPEED);
        }
      };
      case IDENTITY -> file;
    };
  }

  private Path sessionFolder(String sessionId, boolean create) {
    host.ensureOpen(sessionId, "its local data is gone (worker restarted or session ended)");
    Path dir;
    try {
      dir = folders.folder(sessionId);
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "InvalidRequest");
    }
    if (create) {
      try {
        Files.createDirectories(dir);
      } catch (IOException e) {
        throw TransferFailures.io("create", dir.toUri(), e);
      }
    }
    return dir;
  }

  private Path localFile(Path dir, String name) {
    if (name == null || !LOCAL_NAME.matcher(name).matches()) {
      throw ApplicationFailure.newNonRetryableFailure("'" + name + "' is not a local file name", "InvalidRequest");
    }
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw TransferFailures.localDataMissing(
          "local file " + name + " is missing on worker " + host.workerId() + " (worker restarted?)");
    }
    return file;
  }

  private URI allowed(String what, String url) {
    try {
      return policy.check(url);
    } catch (IllegalArgumentException e) {
      throw TransferFailures.notAllowed(what, e);
    }
  }

  private void ensureRoom(Path dir, long bytes) {
    long free = usableSpace(dir);
    if (free >= 0 && bytes > free - diskReserveBytes) {
      throw TransferFailures.diskFull("need " + bytes + " bytes on worker " + host.workerId() + " but only "
          + Math.max(0, free - diskReserveBytes) + " are free (after a reserve of " + diskReserveBytes + ")");
    }
  }

  private double diskFreeBytes() {
    return usableSpace(folders.root().getParent());
  }

  private static long usableSpace(Path dir) {
    try {
      Path existing = dir;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      return existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }

  /** {@code <workflowId>.<ext>} made safe for any file system; a hash keeps distinct ids distinct. */
  static String outputName(String workflowId, Path localFile) {
    String ext = localFile.getFileName().toString().endsWith(".gz") ? ".gz" : ".bin";
    String safe = workflowId.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "");
    if (safe.length() > 100) {
      safe = safe.substring(0, 100);
    }
    if (!safe.equals(workflowId) || safe.isEmpty()) {
      String hash = HexFormat.of().formatHex(sha256().digest(workflowId.getBytes(StandardCharsets.UTF_8)));
      safe = safe + "-" + hash.substring(0, 12);
    }
    return safe + ext;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // the session folder is removed when the session closes
    }
  }

  /** Heartbeats progress at most once a second, and stops the step once its session has ended here. */
  private final class Progress {
    private final String sessionId;
    private long last = System.nanoTime();

    Progress(String sessionId) {
      this.sessionId = sessionId;
    }

    void beat(long bytes) {
      long now = System.nanoTime();
      if (now - last >= HEARTBEAT_EVERY_NANOS) {
        last = now;
        host.ensureOpen(sessionId, "stopping this step");
        Activity.getExecutionContext().heartbeat(bytes);
      }
    }
  }
}
