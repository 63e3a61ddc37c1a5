package dev.locus.files;

import java.nio.file.Path;
import java.util.UUID;

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

  /** Removes every session folder: sessions never outlive the worker process that held them. */
  void clearAll() {
    Folders.deleteTree(root);
  }

  void delete(String sessionId) {
    Folders.deleteTree(folder(sessionId));
  }
}
