package dev.locus.files;

/** What a running {@code FileProcessingWorkflow} is doing, answered by its {@code status} query. */
public record FileProcessingStatus(String worker, int attempt, String step) {}
