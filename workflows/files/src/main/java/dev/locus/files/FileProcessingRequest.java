package dev.locus.files;

/**
 * Input of {@code FileProcessingWorkflow}. Only {@code source} is required. Clients in other languages may send the
 * source URL alone, as a JSON string (see {@link LenientFileProcessingWorkflow}).
 *
 * @param source http://, https:// or file:// URL of the input
 * @param destination where the output goes: a file:// or http(s):// URL; ending in '/' means "a folder, name it
 *     for me"; any other URL is the exact target (an HTTP PUT URL, presigned or not). Null: the worker's output
 *     folder
 * @param transform "gzip" (default) or "identity" (output is the input; only checksums are computed)
 * @param sessionHeartbeatTimeoutMs how fast a lost worker is detected; null for the default (3 s)
 * @param resumeWithinMs how long to wait for a lost or restarting worker to come back with the session's data before
 *     re-routing (workers keep it with {@code --keep-sessions-for}); null or 0: re-route at once
 */
public record FileProcessingRequest(
    String source, String destination, String transform, Long sessionHeartbeatTimeoutMs, Long resumeWithinMs) {

  public FileProcessingRequest(String source, String destination, String transform, Long sessionHeartbeatTimeoutMs) {
    this(source, destination, transform, sessionHeartbeatTimeoutMs, null);
  }

  public static FileProcessingRequest of(String source) {
    return new FileProcessingRequest(source, null, null, null, null);
  }

  public FileProcessingRequest withDestination(String destination) {
    return new FileProcessingRequest(source, destination, transform, sessionHeartbeatTimeoutMs, resumeWithinMs);
  }

  public FileProcessingRequest withSessionHeartbeatTimeoutMs(Long millis) {
    return new FileProcessingRequest(source, destination, transform, millis, resumeWithinMs);
  }

  public FileProcessingRequest withTransform(String transform) {
    return new FileProcessingRequest(source, destination, transform, sessionHeartbeatTimeoutMs, resumeWithinMs);
  }

  public FileProcessingRequest withResumeWithinMs(Long millis) {
    return new FileProcessingRequest(source, destination, transform, sessionHeartbeatTimeoutMs, millis);
  }
}
