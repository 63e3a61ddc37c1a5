package dev.locus.session;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One small file per open session, {@code <sessionId>.steps}, saying how many of its steps have completed on this
 * worker. Rewritten atomically before a completed step is reported: after a crash it may count a step whose completion
 * never reached the workflow, never miss one that did.
 */
final class SessionManifests {
  private static final Logger log = LoggerFactory.getLogger(SessionManifests.class);
  private static final String SUFFIX = ".steps";

  /** A session a previous process of this worker held: its steps done, and when the last was recorded. */
  record Kept(int stepsDone, Instant at) {}

  private final Path dir;

  SessionManifests(Path dir) {
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the session manifest folder " + dir, e);
    }
  }

  void write(String sessionId, int stepsDone) {
    Path file = file(sessionId);
    try {
      Path tmp = Files.createTempFile(dir, ".manifest", ".tmp");
      try {
        Files.writeString(tmp, Integer.toString(stepsDone));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record a completed step of session " + sessionId + " in " + file, e);
    }
  }

  void delete(String sessionId) {
    try {
      Files.deleteIfExists(file(sessionId));
    } catch (IOException e) {
      log.warn("cannot remove the manifest of session {}: {}", sessionId, e.getMessage());
    }
  }

  /** Every manifest left here, by session id; unreadable ones and leftover temporary files are removed. */
  Map<String, Kept> load() {
    Map<String, Kept> kept = new HashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (!name.endsWith(SUFFIX)) {
          Files.deleteIfExists(file);
          continue;
        }
        try {
          kept.put(name.substring(0, name.length() - SUFFIX.length()), new Kept(
              Integer.parseInt(Files.readString(file).strip()), Files.getLastModifiedTime(file).toInstant()));
        } catch (NumberFormatException | NoSuchFileException e) {
          log.warn("session manifest {} is unreadable; its session will not be resumed", file);
          Files.deleteIfExists(file);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the session manifests in " + dir, e);
    }
    return kept;
  }

  private Path file(String sessionId) {
    return dir.resolve(TaskQueues.requireValidName("session id", sessionId) + SUFFIX);
  }
}
