package dev.locus.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The same pipeline without affinity, on a queue every worker polls: each step runs wherever Temporal puts it.
 * Every method returns the id of the worker it ran on.
 */
@ActivityInterface
public interface BaselineActivities {
  String QUEUE = "bench-anywhere";

  /** Download into this worker's folder. */
  @ActivityMethod(name = "BaselineDownload")
  String download(String key, String source);

  /** Process the local copy, downloading it again from the source first if this worker does not have it. */
  @ActivityMethod(name = "BaselineProcess")
  String process(String key, String source);

  /** Upload the local output, recomputing it (download + process) first if this worker does not have it. */
  @ActivityMethod(name = "BaselineUpload")
  String upload(String key, String source, String destination);

  /** Download, then PUT to shared storage. */
  @ActivityMethod(name = "StorageDownload")
  String downloadToStorage(String key, String source, String storage);

  /** GET from shared storage, process, PUT the output back. */
  @ActivityMethod(name = "StorageProcess")
  String processInStorage(String key, String storage);

  /** GET the output from shared storage and upload it. */
  @ActivityMethod(name = "StorageUpload")
  String uploadFromStorage(String key, String storage, String destination);
}
