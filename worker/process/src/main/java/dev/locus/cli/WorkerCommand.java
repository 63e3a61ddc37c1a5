package dev.locus.cli;

import dev.locus.worker.LocusWorker;
import dev.locus.worker.WorkerSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run a worker: the shared queue plus its own queue <shared-queue>-<worker-id>.")
public class WorkerCommand implements Callable<Integer> {
  @Mixin WorkerSettings settings;

  @Override
  public Integer call() throws Exception {
    new LocusWorker(settings).run();
    return 0;
  }
}
