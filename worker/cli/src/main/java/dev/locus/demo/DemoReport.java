package dev.locus.demo;

import java.util.List;

/**
 * The JSON report of `locus demo --report FILE`; field names are a contract (DESIGN.md). {@code server} is
 * {@code embedded} or {@code temporal-cli}; {@code webUi} is the Web UI's address, where the server has one.
 */
public record DemoReport(
    List<Workflow> workflows,
    long originBytesServed,
    long inputBytes,
    List<Failover> failovers,
    List<Resumed> resumed,
    Settings settings,
    long elapsedMs,
    long activityMs,
    String server,
    String webUi) {

  /** {@code steps} lists the final attempt; {@code attemptsDetail} every attempt. */
  public record Workflow(String id, String status, int attempts, String worker, String checksum, String inputSha256,
      String output, String error, List<Step> steps, List<Attempt> attemptsDetail, String webUi) {}

  public record Step(String activity, String worker, long durationMs) {}

  public record Attempt(int number, String worker, String outcome, String message, List<Step> steps) {}

  /**
   * {@code workflowTaskTimedOut}: the stopped worker held the workflow's task when it stopped, so the failover also
   * waited for the server's workflow-task timeout (10 s by default), not only for the session's heartbeat timeout.
   */
  public record Failover(String workflow, String fromWorker, String toWorker, String reason, Long detectedAfterMs,
      boolean workflowTaskTimedOut) {}

  /** A session that went on after its worker restarted, and the steps it did not run again. */
  public record Resumed(String workflow, String worker, String sessionId, List<String> stepsNotRunAgain) {}

  public record Settings(int workers, int files, long sizeBytes, long sessionHeartbeatTimeoutMs, int maxSessions,
      String killedWorker, Long killedAtMs) {}
}
