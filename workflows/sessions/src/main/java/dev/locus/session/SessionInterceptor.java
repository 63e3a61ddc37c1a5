package dev.locus.session;

import io.temporal.activity.ActivityExecutionContext;
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
import java.util.HashMap;
import java.util.Map;

/**
 * Carries a session's id to its activities and enforces the session rule on the worker: an activity of a session
 * that is not open here does not start, and once its session has ended every failure of a running activity is the
 * session's failure (its reason), never a work failure. The session's local data is removed only after its running
 * activities have stopped.
 *
 * <p>Workflow side: activities scheduled through a {@link WorkerSession} get the header {@value #HEADER}, and every
 * workflow answers the query {@value WorkerSessions#SESSIONS_QUERY}. Worker side ({@link SessionHost#interceptor()}):
 * activities carrying the header, on the host's own queue, run with their {@link SessionContext}, and only while
 * their session is open there.
 */
public final class SessionInterceptor extends WorkerInterceptorBase {
  static final String HEADER = "locus-session";
  private static final ThreadLocal<Boolean> INTERCEPTING = ThreadLocal.withInitial(() -> false);

  private final SessionHost host;

  /** For a factory that runs workflows only. */
  public SessionInterceptor() {
    this(null);
  }

  SessionInterceptor(SessionHost host) {
    this.host = host;
  }

  /** Whether the activity on this thread runs through a host's interceptor. */
  static boolean intercepting() {
    return INTERCEPTING.get();
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

      @Override
      public WorkflowOutput execute(WorkflowInput input) {
        StartedSessions.current(); // registers the session signal and query before the workflow's own code runs
        return super.execute(input);
      }
    };
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private boolean hostQueue;

      @Override
      public void init(ActivityExecutionContext context) {
        String queue = context.getInfo().getActivityTaskQueue();
        hostQueue = host != null && (queue.equals(host.taskQueue()) || queue.equals(host.leaseQueue()));
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        if (!hostQueue) {
          return super.execute(input);
        }
        INTERCEPTING.set(true);
        try {
          Payload header = input.getHeader().getValues().get(HEADER);
          if (header == null) {
            return super.execute(input);
          }
          String sessionId = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(header, String.class, String.class);
          return executeInSession(sessionId, input);
        } finally {
          INTERCEPTING.set(false);
        }
      }

      private ActivityOutput executeInSession(String sessionId, ActivityInput input) {
        SessionHost.Running running = host.enter(sessionId);
        try (SessionContext.Scope ignored = new SessionContext(sessionId, host).enter()) {
          ActivityOutput output = super.execute(input);
          host.stepDone(sessionId);
          return output;
        } catch (RuntimeException e) {
          if (host.isOpen(sessionId)) {
            throw e;
          }
          throw host.ended(sessionId, "this activity ended after its session: " + FailureMessages.describe(e), e);
        } finally {
          running.close();
        }
      }
    };
  }
}
