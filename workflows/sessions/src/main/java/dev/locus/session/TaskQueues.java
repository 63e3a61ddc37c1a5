package dev.locus.session;

import java.util.regex.Pattern;

/** The one place where Locus names task queues. Worker, CLI and operator all call it. */
public final class TaskQueues {
  public static final String DEFAULT_SHARED_QUEUE = "file-processing-shared";

  /** Kubernetes pod names (RFC 1123 labels) and the usual queue characters; no '@', so never pid@host. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,198}[A-Za-z0-9])?");

  private TaskQueues() {}

  /** The queue only worker {@code workerId} polls: {@code <sharedQueue>-<workerId>}. */
  public static String workerQueue(String sharedQueue, String workerId) {
    return requireSharedQueue(sharedQueue) + "-" + requireValidName("worker id", workerId);
  }

  /**
   * The queue where a workflow on {@code sharedQueue} asks for a session: {@code <sharedQueue>@sessions}. Only session
   * leases run there, so its activity slots are session slots and the shared queue stays free for ordinary activities.
   * The '@' keeps it apart from every worker queue.
   */
  public static String leaseQueue(String sharedQueue) {
    return requireSharedQueue(sharedQueue) + "@sessions";
  }

  /**
   * The queue where session workers run each other's presence watch ({@link WorkerPresenceWorkflow}):
   * {@code <sharedQueue>@presence}.
   */
  public static String presenceQueue(String sharedQueue) {
    return requireSharedQueue(sharedQueue) + "@presence";
  }

  /** Any name Temporal accepts; the operator's schema is stricter, since pool queues also name Kubernetes objects. */
  public static String requireSharedQueue(String sharedQueue) {
    if (sharedQueue == null || sharedQueue.isBlank() || sharedQueue.length() > 790) {
      throw new IllegalArgumentException("shared queue '" + sharedQueue + "' must be 1-790 characters, not blank");
    }
    return sharedQueue;
  }

  /** The queue of StatefulSet pod {@code <pool>-<ordinal>}. */
  public static String podQueue(String sharedQueue, String pool, int ordinal) {
    return workerQueue(sharedQueue, pool + "-" + ordinal);
  }

  public static String requireValidName(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          what + " '" + value + "' is not valid: use letters, digits, '.', '_' or '-' (1-200 characters,"
              + " starting and ending with a letter or digit)");
    }
    return value;
  }
}
