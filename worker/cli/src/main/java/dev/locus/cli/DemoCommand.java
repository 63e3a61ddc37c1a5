package dev.locus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.locus.demo.Demo;
import dev.locus.demo.DemoReport;
import dev.locus.worker.DurationConverter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the whole system on this machine: Temporal (the CLI's dev server or the embedded one), a local"
        + " origin, worker JVMs and file-processing workflows; print a summary and optionally a JSON report.")
public class DemoCommand implements Callable<Integer> {
  @Mixin Output output;

  @Option(names = "--workers", defaultValue = "3", description = "worker processes (default ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--files", defaultValue = "12", description = "workflows, one file each (default ${DEFAULT-VALUE})")
  int files;

  @Option(names = "--size", defaultValue = "8MiB", converter = ByteSizeConverter.class,
      description = "bytes per file; suffixes KiB, MiB, GiB allowed (default ${DEFAULT-VALUE})")
  long size;

  @Option(names = "--kill-worker-after", converter = DurationConverter.class,
      description = "SIGKILL the busiest worker this long after the workflows start, to show failover (e.g. 3s)")
  Duration killWorkerAfter;

  @Option(names = "--terminate-worker-after", converter = DurationConverter.class,
      description = "SIGTERM the busiest worker this long after the workflows start, to show a drain")
  Duration terminateWorkerAfter;

  @Option(names = "--restart-worker-after", converter = DurationConverter.class,
      description = "SIGKILL the busiest worker this long after the workflows start and start it again under the same"
          + " identity and folder: its sessions resume there, nothing is fetched twice (e.g. 3s)")
  Duration restartWorkerAfter;

  @Option(names = "--report", description = "write the JSON report here")
  Path report;

  @Option(names = "--max-sessions", defaultValue = "2", description = "session slots per worker (default ${DEFAULT-VALUE})")
  int maxSessions;

  @Option(names = "--session-heartbeat-timeout", defaultValue = "3s", converter = DurationConverter.class,
      description = "how fast a lost worker is detected (default ${DEFAULT-VALUE})")
  Duration heartbeatTimeout;

  @Option(names = "--drain-grace", defaultValue = "5s", converter = DurationConverter.class,
      description = "how long a SIGTERMed worker lets open sessions finish (default ${DEFAULT-VALUE})")
  Duration drainGrace;

  @Option(names = "--transform", defaultValue = "gzip", description = "gzip or identity (default ${DEFAULT-VALUE})")
  String transform;

  @Option(names = "--dir", defaultValue = "demo_fs", description = "the workers' folders (default ${DEFAULT-VALUE})")
  Path dir;

  @Option(names = "--no-progress", description = "no progress bar")
  boolean noProgress;

  @Mixin ServerOption server;

  @Option(names = "--keep-server", description = "after the run, keep Temporal and its Web UI up until Ctrl-C")
  boolean keepServer;

  @Override
  public Integer call() throws Exception {
    DemoReport result = new Demo(new Demo.Options(workers, files, size, killWorkerAfter, terminateWorkerAfter,
        restartWorkerAfter, dir,
        maxSessions, heartbeatTimeout, drainGrace, transform, !noProgress, server.choice(), keepServer), System.out).run();
    if (report != null) {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), result);
      output.out().println("report written to " + report);
    }
    return result.workflows().stream().allMatch(w -> w.status().equals("COMPLETED")) ? 0 : 1;
  }
}
