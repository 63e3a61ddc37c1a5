package dev.locus.worker;

import dev.locus.session.TaskQueues;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Everything a worker is configured with. Flags win over the environment. */
public class WorkerSettings {
  @Mixin public TemporalSettings temporal = new TemporalSettings();

  @Option(names = "--worker-id", defaultValue = "${env:POD_NAME}",
      description = "this worker's identity; its queue is <shared-queue>-<worker-id> (env POD_NAME)")
  public String workerId;

  @Option(names = "--shared-queue", defaultValue = "${env:LOCUS_SHARED_QUEUE:-" + TaskQueues.DEFAULT_SHARED_QUEUE + "}",
      description = "queue for workflows and new sessions (env LOCUS_SHARED_QUEUE; default ${DEFAULT-VALUE})")
  public String sharedQueue;

  @Option(names = "--max-sessions", defaultValue = "${env:LOCUS_MAX_SESSIONS:-2}",
      description = "sessions this worker holds at most (env LOCUS_MAX_SESSIONS; default ${DEFAULT-VALUE})")
  public int maxSessions;

  @Option(names = "--work-dir", defaultValue = "${env:LOCUS_WORK_DIR:-locus-work}",
      description = "local folder for session files (env LOCUS_WORK_DIR; default ${DEFAULT-VALUE})")
  public Path workDir;

  @Option(names = "--http-port", defaultValue = "${env:LOCUS_HTTP_PORT:-9464}",
      description = "port of /healthz, /readyz and /metrics (env LOCUS_HTTP_PORT; default ${DEFAULT-VALUE})")
  public int httpPort;

  @Option(names = "--http-bind", defaultValue = "${env:LOCUS_HTTP_BIND:-0.0.0.0}",
      description = "address the health and metrics port binds (env LOCUS_HTTP_BIND; default ${DEFAULT-VALUE})")
  public String httpBind;

  @Option(names = "--advertise-address", defaultValue = "${env:POD_IP}",
      description = "the address (host or IP) other workers reach this one's --http-port at (env POD_IP): they then"
          + " probe its presence there, and its presence heartbeats to Temporal only as a backstop (default: none,"
          + " and the presence heartbeats within each session's heartbeat timeout)")
  public String advertiseAddress;

  @Option(names = "--allowed-sources", defaultValue = "${env:LOCUS_ALLOWED_SOURCES}",
      description = "comma-separated allowlist: https://*.example.com, http://10.0.0.5:8080, file:///data"
          + " (env LOCUS_ALLOWED_SOURCES; default: any http(s), and file:// outside pods)")
  public String allowedSources;

  @Option(names = "--pod-mode", defaultValue = "${env:LOCUS_POD_MODE}",
      description = "refuse file:// and link-local/metadata addresses unless allowed (default: on when POD_NAME is set)")
  public Boolean podMode;

  @Option(names = "--drain-grace", defaultValue = "${env:LOCUS_DRAIN_GRACE:-20s}", converter = DurationConverter.class,
      description = "on SIGTERM, how long open sessions may finish before failing as WorkerDraining"
          + " (env LOCUS_DRAIN_GRACE; default ${DEFAULT-VALUE})")
  public Duration drainGrace;

  @Option(names = "--keep-sessions-for", defaultValue = "${env:LOCUS_KEEP_SESSIONS_FOR:-0s}",
      converter = DurationConverter.class,
      description = "keep open sessions across a restart of this worker (same --worker-id and --work-dir) for this"
          + " long: on SIGTERM, unless cordoned, they are suspended instead of drained, and workflows that allow it"
          + " (resumeWithinMs) resume them here (env LOCUS_KEEP_SESSIONS_FOR; default ${DEFAULT-VALUE}: off)")
  public Duration keepSessionsFor;

  @Option(names = "--disk-reserve-bytes", defaultValue = "${env:LOCUS_DISK_RESERVE_BYTES:-67108864}",
      description = "free space a download must leave on the volume (env LOCUS_DISK_RESERVE_BYTES)")
  public long diskReserveBytes;

  @Option(names = "--pool", defaultValue = "${env:LOCUS_POOL:-}",
      description = "pool name, a tag on every metric (env LOCUS_POOL)")
  public String pool;

  @Option(names = "--cordon-file", defaultValue = "${env:LOCUS_CORDON_FILE}",
      description = "while this file says true, take no new sessions and let open ones finish (env LOCUS_CORDON_FILE;"
          + " in a pod, the locus.dev/cordon annotation through a downward-API volume)")
  public Path cordonFile;

  @Option(names = "--sticky-execution", arity = "0..1", defaultValue = "${env:LOCUS_STICKY_EXECUTION}",
      description = "cache workflows between tasks (env LOCUS_STICKY_EXECUTION; default: on against a real Temporal"
          + " server, off against the embedded stand-in, which has no sticky-queue fallback)")
  public Boolean stickyExecution;

  public boolean podMode() {
    return podMode != null ? podMode : System.getenv("POD_NAME") != null;
  }

  /** Checks what picocli cannot, with messages that say what to change. */
  public void validate() {
    if (workerId == null || workerId.isBlank()) {
      throw new IllegalArgumentException("no worker id: set --worker-id or POD_NAME (never derived from pid@host)");
    }
    TaskQueues.workerQueue(sharedQueue, workerId);
    if (maxSessions < 1) {
      throw new IllegalArgumentException("--max-sessions must be at least 1, got " + maxSessions);
    }
    if (keepSessionsFor.isNegative()) {
      throw new IllegalArgumentException("--keep-sessions-for must not be negative, got " + keepSessionsFor);
    }
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("--http-port must be 0-65535, got " + httpPort);
    }
    if (advertiseAddress != null) {
      probeBase(0);
    }
  }

  /**
   * Where other workers probe this one's presence, on the HTTP port it got; null without --advertise-address.
   *
   * @throws IllegalArgumentException where --advertise-address is not a host or an IP address
   */
  public URI probeBase(int port) {
    if (advertiseAddress == null || advertiseAddress.isBlank()) {
      return null;
    }
    String host = advertiseAddress.contains(":") && !advertiseAddress.startsWith("[")
        ? "[" + advertiseAddress + "]" : advertiseAddress;
    try {
      URI base = new URI("http://" + host + ":" + port + "/");
      if (base.getHost() == null) {
        throw new URISyntaxException(advertiseAddress, "not a host name or IP address");
      }
      return base;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--advertise-address must be a host name or an IP address (no scheme, no"
          + " port), got '" + advertiseAddress + "'");
    }
  }
}
