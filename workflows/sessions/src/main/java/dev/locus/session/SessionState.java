package dev.locus.session;

/** Where a session is in its life, as its workflow sees it. */
public enum SessionState {
  /** Its worker holds it; its activities run there. */
  OPEN,
  /** It ended without the workflow closing it: {@link WorkerSession#failure()} says why. */
  FAILED,
  /** The workflow closed it. */
  CLOSED
}
