package dev.locus.session;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.Header;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.activity.ActivityExecutionContext;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Carries a session's id to its activities and enforces the session rule on the worker: an activity of a session
 * that is not open here does not start, and once its session has ended every failure of a running activity is the
 * session's failure (its reason), never a work failure. The session's local data is removed only after its running
 * activities have stopped.
 *
 * <p>Register it on the worker factories of both sides ({@link SessionWorker} does). Workflow side: activities
 * scheduled through a {@link WorkerSession} get the header {@value #HEADER}. Worker side: activities carrying the
 * header, on the queue of a {@link SessionHost} given to {@link #serve}, are checked against the sessions it holds.
 */
public final class SessionInterceptor extends WorkerInterceptorBase {
  static final String HEADER = "locus-session";

  private final Map<String, SessionHost> hosts = new ConcurrentHashMap<>();

  /** Enforces the session rule for the sessions {@code host} holds, on its own queue. */
  public SessionInterceptor serve(SessionHost host) {
    hosts.put(host.taskQueue(), host);
    return this;
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public void init(WorkflowOutboundCallsInterceptor outbound) {
        super.init(new WorkflowOutboundCallsInterceptorBase(outbound) {
          @Override
          public <R> ActivityOutput<R> executeActivity(ActivityInput<R> input) {
            String sessionId = WorkflowSession.routing();
            if (sessionId == null) {
              return super.executeActivity(input);
            }
            Map<String, Payload> values = new HashMap<>(input.getHeader().getValues());
            values.put(HEADER, DefaultDataConverter.STANDARD_INSTANCE.toPayload(sessionId).orElseThrow());
            WorkflowSession.routed();
            return super.executeActivity(new ActivityInput<>(input.getActivityName(), input.getResultClass(),
                input.getResultType(), input.getArgs(), input.getOptions(), new Header(values)));
          }
        });
      }
    };
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private SessionHost host;

      @Override
      public void init(ActivityExecutionContext context) {
        host = hosts.get(context.getInfo().getActivityTaskQueue());
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        Payload header = input.getHeader().getValues().get(HEADER);
        if (header == null || host == null) {
          return super.execute(input);
        }
        String sessionId = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(header, String.class, String.class);
        SessionHost.Running running = host.enter(sessionId);
        try {
          return super.execute(input);
        } catch (RuntimeException e) {
          if (host.isOpen(sessionId)) {
            throw e;
          }
          throw host.ended(sessionId, "this activity ended after its session: " + SessionFailures.describe(e), e);
        } finally {
          running.close();
        }
      }
    };
  }
}
