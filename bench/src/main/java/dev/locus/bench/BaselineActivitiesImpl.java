package dev.locus.bench;

import dev.locus.files.HttpTransfer;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** The steps as a plain Temporal sample would write them: same streaming, same gzip level as Locus' steps. */
final class BaselineActivitiesImpl implements BaselineActivities {
  private final String workerId;
  private final Path dir;

  BaselineActivitiesImpl(String workerId, Path workDir) throws IOException {
    this.workerId = workerId;
    this.dir = Files.createDirectories(workDir.resolve("baseline"));
  }

  @Override
  public String download(String key, String source) {
    get(source, input(key));
    return workerId;
  }

  @Override
  public String process(String key, String source) {
    if (!Files.exists(input(key))) {
      get(source, input(key));
    }
    gzip(input(key), output(key));
    return workerId;
  }

  @Override
  public String upload(String key, String source, String destination) {
    if (!Files.exists(output(key))) {
      process(key, source);
    }
    put(output(key), destination + key + ".gz");
    cleanUp(key);
    return workerId;
  }

  @Override
  public String downloadToStorage(String key, String source, String storage) {
    get(source, input(key));
    put(input(key), storage + key + ".in");
    cleanUp(key);
    return workerId;
  }

  @Override
  public String processInStorage(String key, String storage) {
    get(storage + key + ".in", input(key));
    gzip(input(key), output(key));
    put(output(key), storage + key + ".gz");
    cleanUp(key);
    return workerId;
  }

  @Override
  public String uploadFromStorage(String key, String storage, String destination) {
    get(storage + key + ".gz", output(key));
    put(output(key), destination + key + ".gz");
    cleanUp(key);
    return workerId;
  }

  private Path input(String key) {
    return dir.resolve(key + ".in");
  }

  private Path output(String key) {
    return dir.resolve(key + ".gz");
  }

  private void cleanUp(String key) {
    try {
      Files.deleteIfExists(input(key));
      Files.deleteIfExists(output(key));
    } catch (IOException ignored) {
      // best effort; the bench folder is removed at the end
    }
  }

  private void get(String url, Path to) {
    try {
      HttpTransfer.get(URI.create(url), redirect -> redirect,
          (in, announced) -> Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING));
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("GET " + url + ": " + e, "TransferError");
    }
  }

  private void put(Path from, String url) {
    try {
      HttpTransfer.put(from, URI.create(url));
    } catch (IOException e) {
      throw ApplicationFailure.newFailure("PUT " + url + ": " + e, "TransferError");
    }
  }

  private static void gzip(Path in, Path out) {
    try (InputStream from = Files.newInputStream(in);
         OutputStream to = new GZIPOutputStream(new DigestOutputStream(Files.newOutputStream(out),
             MessageDigest.getInstance("SHA-256")), 1 << 20) {
           {
             def.setLevel(Deflater.BEST_SPEED);
           }
         }) {
      MessageDigest inputDigest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 20];
      for (int n; (n = from.read(buffer)) > 0; ) {
        inputDigest.update(buffer, 0, n);
        to.write(buffer, 0, n);
      }
    } catch (IOException | java.security.NoSuchAlgorithmException e) {
      throw ApplicationFailure.newFailure("process: " + e, "ProcessError");
    }
  }
}
