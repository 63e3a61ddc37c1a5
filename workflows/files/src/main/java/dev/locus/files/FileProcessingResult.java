package dev.locus.files;

import dev.locus.session.SessionAttempt;
import java.util.List;

/**
 * Output of {@code FileProcessingWorkflow}.
 *
 * @param worker the worker that ran the successful attempt
 * @param output where the output was written
 * @param sha256 SHA-256 of the output, hex
 * @param inputSha256 SHA-256 of the input as downloaded, hex
 * @param attempts every session attempt, in order; the last one succeeded
 */
public record FileProcessingResult(
    String worker,
    String output,
    String sha256,
    String inputSha256,
    long inputBytes,
    long outputBytes,
    List<SessionAttempt> attempts) {}
