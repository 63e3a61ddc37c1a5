package dev.locus.temporal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Loopback ports for the servers and workers this machine starts (demo, tests, benchmarks). */
public final class Ports {
  private Ports() {}

  /** A port nothing listens on right now. */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port: " + e.getMessage(), e);
    }
  }
}
