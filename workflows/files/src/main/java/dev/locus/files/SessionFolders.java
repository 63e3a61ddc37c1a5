package dev.locus.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/** The per-session folders under {@code <workDir>/sessions}. Names come from session ids, which must be UUIDs. */
final class SessionFolders {
  private final Path root;

  SessionFolders(Path workDir) {
    this.root = workDir.toAbsolutePath().normalize().resolve("sessions");
  }

  Path root() {
    return root;
  }

  Path folder(String sessionId) {
    UUID uuid;
    try {
      uuid = UUID.fromString(sessionId);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("session id '" + sessionId + "' is not a UUID");
    }
    if (!uuid.toString().equals(sessionId)) {
      throw new IllegalArgumentException("session id '" + sessionId + "' is not a canonical UUID");
    }
    return root.resolve(sessionId);
  }

  /**
   * Removes every session folder but those of {@code kept}, the sessions this worker's previous process left to be
   * resumed; any other session ended with the process that held it.
   */
  void clearAllExcept(Set<String> kept) {
    if (kept.isEmpty()) {
      Folders.deleteTree(root);
      return;
    }
    try (Stream<Path> folders = Files.list(root)) {
      folders.filter(f -> !kept.contains(f.getFileName().toString())).forEach(Folders::deleteTree);
    } catch (NoSuchFileException e) {
      // nothing to clear
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the session folders in " + root, e);
    }
  }

  void delete(String sessionId) {
    Folders.deleteTree(folder(sessionId));
  }
}
