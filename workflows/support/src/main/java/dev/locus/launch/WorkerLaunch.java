package dev.locus.launch;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings a worker is started with, as flags for a process ({@code locus worker --max-sessions 2 ...}) or as
 * environment variables for a pod. Everything that starts workers (the demo, the benchmarks, the operator) builds
 * them here, so a setting's name is spelled in one place.
 */
public final class WorkerLaunch {
  /** One setting: its flag and its environment variable, as {@code locus worker} reads them. */
  public enum Setting {
    TEMPORAL_ADDRESS("--temporal-address", "TEMPORAL_ADDRESS"),
    WORKER_ID("--worker-id", "POD_NAME"),
    SHARED_QUEUE("--shared-queue", "LOCUS_SHARED_QUEUE"),
    MAX_SESSIONS("--max-sessions", "LOCUS_MAX_SESSIONS"),
    WORK_DIR("--work-dir", "LOCUS_WORK_DIR"),
    HTTP_PORT("--http-port", "LOCUS_HTTP_PORT"),
    HTTP_BIND("--http-bind", "LOCUS_HTTP_BIND"),
    ADVERTISE_ADDRESS("--advertise-address", "POD_IP"),
    ALLOWED_SOURCES("--allowed-sources", "LOCUS_ALLOWED_SOURCES"),
    DRAIN_GRACE("--drain-grace", "LOCUS_DRAIN_GRACE"),
    POOL("--pool", "LOCUS_POOL"),
    CORDON_FILE("--cordon-file", "LOCUS_CORDON_FILE"),
    KEEP_SESSIONS_FOR("--keep-sessions-for", "LOCUS_KEEP_SESSIONS_FOR");

    public final String flag;
    public final String env;

    Setting(String flag, String env) {
      this.flag = flag;
      this.env = env;
    }
  }

  private final Map<Setting, String> values = new EnumMap<>(Setting.class);

  public WorkerLaunch temporalAddress(String address) {
    return set(Setting.TEMPORAL_ADDRESS, address);
  }

  public WorkerLaunch workerId(String workerId) {
    return set(Setting.WORKER_ID, workerId);
  }

  public WorkerLaunch sharedQueue(String queue) {
    return set(Setting.SHARED_QUEUE, queue);
  }

  public WorkerLaunch maxSessions(int max) {
    return set(Setting.MAX_SESSIONS, String.valueOf(max));
  }

  public WorkerLaunch workDir(Path dir) {
    return workDir(dir.toString());
  }

  public WorkerLaunch workDir(String dir) {
    return set(Setting.WORK_DIR, dir);
  }

  public WorkerLaunch http(String bind, int port) {
    set(Setting.HTTP_BIND, bind);
    return httpPort(port);
  }

  public WorkerLaunch httpPort(int port) {
    return set(Setting.HTTP_PORT, String.valueOf(port));
  }

  /** The address other workers reach this one's HTTP port at, to probe its presence. */
  public WorkerLaunch advertiseAddress(String address) {
    return set(Setting.ADVERTISE_ADDRESS, address);
  }

  /** A comma-separated allowlist; null or empty leaves the worker's default. */
  public WorkerLaunch allowedSources(String allowlist) {
    return allowlist == null || allowlist.isEmpty() ? this : set(Setting.ALLOWED_SOURCES, allowlist);
  }

  public WorkerLaunch drainGrace(Duration grace) {
    return set(Setting.DRAIN_GRACE, duration(grace));
  }

  public WorkerLaunch keepSessionsFor(Duration keep) {
    return set(Setting.KEEP_SESSIONS_FOR, duration(keep));
  }

  private static String duration(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  public WorkerLaunch cordonFile(String file) {
    return set(Setting.CORDON_FILE, file);
  }

  public WorkerLaunch pool(String pool) {
    return set(Setting.POOL, pool);
  }

  private WorkerLaunch set(Setting setting, String value) {
    values.put(setting, value);
    return this;
  }

  /** The settings as flags, in a stable order. */
  public List<String> args() {
    List<String> args = new ArrayList<>();
    values.forEach((setting, value) -> {
      args.add(setting.flag);
      args.add(value);
    });
    return args;
  }

  /** The settings as environment variables, in a stable order. */
  public Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    values.forEach((setting, value) -> env.put(setting.env, value));
    return env;
  }
}
