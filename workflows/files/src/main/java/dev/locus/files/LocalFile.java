package dev.locus.files;

/** A file in a session's folder on the session's worker; {@code name} is always chosen by the worker. */
public record LocalFile(String name, long sizeBytes) {}
