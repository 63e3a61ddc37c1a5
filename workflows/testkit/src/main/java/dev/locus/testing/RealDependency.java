package dev.locus.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * A test's real dependency (a server, a binary, a package) that may be missing. Where it is, the test is skipped,
 * saying why; in CI ({@code CI=true}, where .ci/run installs every one of them) it fails instead.
 */
public final class RealDependency {
  private RealDependency() {}

  /** @param install how to get it, as the skip message tells the reader */
  public static void require(boolean present, String what, String install) {
    if (present) {
      return;
    }
    String why = what + " is not installed (" + install + ")";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException("in CI every real dependency must be there, but " + why);
    }
    Assumptions.abort("skipped: " + why);
  }
}
