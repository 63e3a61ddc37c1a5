package dev.locus.session;

import java.time.Duration;

/** What one answer to a {@link PresenceProbeActivity} probe, and the silence before it, say of the watched worker. */
enum PresenceProbeVerdict {
  /**
   * It answered lately enough, or has never answered this probe and its address does not refuse (then only its
   * presence's backstop judges it: the address may be wrong, or blocked).
   */
  PRESENT,
  /** It has not answered for the whole timeout, having answered before or with its address refusing. */
  SILENT,
  /** Another process of the same worker answers at its address: the process probed is gone. */
  REPLACED,
  /** The worker says the presence probed is over: the probe ends, and reports nothing. */
  OVER;

  /** An answer to one probe. */
  enum Answer {
    /** 200: the process probed is there. */
    HERE,
    /** {@link #STATUS_OVER}: the process is there, and its presence probed is over. */
    PRESENCE_OVER,
    /** {@link #STATUS_GONE} from the same worker: it is another process of it. */
    ANOTHER_PROCESS,
    /** Nothing listens at its address: its process is gone, or its host is there and the port is closed. */
    REFUSED,
    /** No answer, or one that says nothing of the worker (another worker at a misadvertised address, say). */
    NONE
  }

  /** The status a worker answers for a process of it that is not the one asked about. */
  static final int STATUS_GONE = 410;
  /** The status a worker answers for a presence of it that is over. */
  static final int STATUS_OVER = 204;
  /** The header naming the worker that answers. */
  static final String WORKER_HEADER = "Locus-Worker";

  /** How often a probe asks: a quarter of the timeout, at least every 100 ms. */
  static Duration interval(Duration timeout) {
    Duration quarter = timeout.dividedBy(4);
    return quarter.toMillis() < 100 ? Duration.ofMillis(100) : quarter;
  }

  /**
   * @param answeredOnce whether this probe has been answered {@link Answer#HERE} before
   * @param sinceAnswered since the last such answer (or the probe's start)
   */
  static PresenceProbeVerdict of(Answer answer, boolean answeredOnce, Duration sinceAnswered, Duration timeout) {
    return switch (answer) {
      case HERE -> PRESENT;
      case PRESENCE_OVER -> OVER;
      case ANOTHER_PROCESS -> REPLACED;
      case REFUSED -> sinceAnswered.compareTo(timeout) >= 0 ? SILENT : PRESENT;
      case NONE -> answeredOnce && sinceAnswered.compareTo(timeout) >= 0 ? SILENT : PRESENT;
    };
  }

  String describe(Duration timeout) {
    return switch (this) {
      case PRESENT -> "answers its presence probe";
      case SILENT -> "did not answer its presence probe for " + timeout.toMillis() + " ms";
      case REPLACED -> "was replaced by another process of it";
      case OVER -> "ended its presence";
    };
  }
}
