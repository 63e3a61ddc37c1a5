package dev.locus.examples.ml;

/** One inference: its input, the score, and the worker that computed it. */
public record Prediction(String input, double score, String workerId) {}
