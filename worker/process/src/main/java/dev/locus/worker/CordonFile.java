package dev.locus.worker;

import dev.locus.session.SessionHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cordons the worker while a file says {@code true}. In a pod the file is the {@code locus.dev/cordon} annotation,
 * projected by a downward-API volume, so the operator cordons a worker by annotating its pod and the worker needs no
 * Kubernetes rights of its own; {@code locus cordon} writes the file by hand.
 */
final class CordonFile {
  private static final Logger log = LoggerFactory.getLogger(CordonFile.class);

  private final Path file;
  private final SessionHost host;

  CordonFile(Path file, SessionHost host) {
    this.file = file;
    this.host = host;
  }

  /** Reads the file and cordons or uncordons the worker when it changed; an absent file means not cordoned. */
  void check() {
    boolean wanted = cordoned(file);
    if (wanted == host.isCordoned()) {
      return;
    }
    if (wanted) {
      host.cordon();
      log.info("worker {} cordoned ({} says so): no new sessions; {} open ones go on", host.workerId(), file,
          host.openSessions().size());
    } else {
      host.uncordon();
      log.info("worker {} uncordoned: takes new sessions again", host.workerId());
    }
  }

  static boolean cordoned(Path file) {
    try {
      return Files.readString(file).strip().equalsIgnoreCase("true");
    } catch (NoSuchFileException absent) {
      return false;
    } catch (IOException e) {
      log.warn("cannot read the cordon file {}: {}", file, e.getMessage());
      return false;
    }
  }
}
