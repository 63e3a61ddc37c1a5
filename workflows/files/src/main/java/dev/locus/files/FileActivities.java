package dev.locus.files;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The data-local steps. Every one must run on the worker that holds session {@code sessionId}. */
@ActivityInterface
public interface FileActivities {
  /** Streams {@code source} into the session's folder. */
  @ActivityMethod(name = "Download")
  LocalFile download(String sessionId, String source);

  /** Computes the input's SHA-256 and writes the transformed output next to it, streaming. */
  @ActivityMethod(name = "Process")
  ProcessedFile process(String sessionId, LocalFile input, String transform);

  /** Writes the output to {@code destination} and returns its final location. */
  @ActivityMethod(name = "Upload")
  String upload(String sessionId, ProcessedFile processed, String destination);
}
