package dev.locus.session;

import io.temporal.workflow.QueryMethod;
import java.util.List;

/** The query every workflow on a factory with the session interceptor answers, registered by the library. */
public interface SessionQueries {
  @QueryMethod(name = WorkerSessions.SESSIONS_QUERY)
  List<SessionInfo> sessions();
}
