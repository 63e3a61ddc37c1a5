package dev.locus.files;

/** The result of the process step: the output file in the session's folder and both checksums. */
public record ProcessedFile(LocalFile output, String sha256, long inputBytes, String inputSha256) {}
