package dev.locus.operator.api.v1alpha1;

/** Every reason a pool's conditions (and the Events recorded when they change) can give; scripts may match on them. */
public final class ConditionReason {
  /** The spec cannot be carried out (Ready, Progressing and Degraded). */
  public static final String INVALID_SPEC = "InvalidSpec";
  /** Ready=False: the StatefulSet has not been created yet. */
  public static final String STATEFUL_SET_MISSING = "StatefulSetMissing";
  /** Ready=True: replicas is 0. */
  public static final String SCALED_TO_ZERO = "ScaledToZero";
  public static final String ALL_WORKERS_READY = "AllWorkersReady";
  public static final String WORKERS_NOT_READY = "WorkersNotReady";
  /** Progressing=True: drain Jobs of ordinals wanted again must go before those workers return. */
  public static final String WAITING_FOR_DRAIN_JOBS = "WaitingForDrainJobs";
  /** Progressing=True: the StatefulSet controller has not seen the latest StatefulSet spec. */
  public static final String STATEFUL_SET_UPDATING = "StatefulSetUpdating";
  public static final String SCALING = "Scaling";
  /** Progressing=True: leaving workers are cordoned and finish their open sessions before they go. */
  public static final String WAITING_FOR_SESSIONS = "WaitingForSessions";
  /** Progressing=True: departed workers' queues are being drained. */
  public static final String DRAINING_QUEUES = "DrainingQueues";
  /** Progressing=False: every worker is up to date. */
  public static final String STABLE = "Stable";
  /** Degraded=True: a drain Job gave up. */
  public static final String DRAIN_JOB_FAILED = "DrainJobFailed";
  /** Event: the autoscaler changed spec.replicas. */
  public static final String AUTOSCALED = "Autoscaled";
  /** Degraded=False. */
  public static final String AS_EXPECTED = "AsExpected";

  private ConditionReason() {}
}
