package dev.locus.bench;

import dev.locus.worker.LocusWorker;
import dev.locus.worker.WorkerSettings;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import picocli.CommandLine;

/**
 * A Locus worker (the product, unchanged) that also serves the baselines: BaselineWorkflow on the shared queue and
 * its steps on a queue every worker polls, with as many slots as Locus has session slots.
 */
public final class BenchWorkerMain {
  public static void main(String[] args) throws Exception {
    WorkerSettings settings = CommandLine.populateCommand(new WorkerSettings(), args);
    new LocusWorker(settings).extend((client, sessionWorker) -> {
      sessionWorker.sharedQueueWorker().registerWorkflowImplementationTypes(BaselineWorkflowImpl.class);
      WorkerFactory factory = WorkerFactory.newInstance(client);
      Worker anywhere = factory.newWorker(BaselineActivities.QUEUE, WorkerOptions.newBuilder()
          .setIdentity(settings.workerId).setMaxConcurrentActivityExecutionSize(settings.maxSessions).build());
      try {
        anywhere.registerActivitiesImplementations(new BaselineActivitiesImpl(settings.workerId, settings.workDir));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      factory.start();
    }).run();
  }
}
