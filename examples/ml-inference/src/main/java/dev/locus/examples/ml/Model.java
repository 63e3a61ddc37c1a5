package dev.locus.examples.ml;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A deterministic stand-in for a real model: loading it takes real time and memory (its weights are generated, as a
 * real model's would be read and decoded), and a prediction depends on every weight it touches. The same model id
 * always gives the same weights, so a prediction can be checked anywhere.
 */
public final class Model {
  private final String id;
  private final float[] weights;

  private Model(String id, float[] weights) {
    this.id = id;
    this.weights = weights;
  }

  /** Loads {@code megabytes} of weights. */
  public static Model load(String id, int megabytes) {
    float[] weights = new float[megabytes * (1 << 20) / Float.BYTES];
    SplittableRandom random = new SplittableRandom(id.hashCode());
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextDouble(-1, 1);
    }
    return new Model(id, weights);
  }

  public String id() {
    return id;
  }

  public long sizeBytes() {
    return (long) weights.length * Float.BYTES;
  }

  /** A score in (-1, 1) for {@code input}: its bytes, hashed into the weights, through tanh. */
  public double predict(String input) {
    byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
    double sum = 0;
    long h = 1125899906842597L;
    for (int round = 0; round < 4096; round++) {
      for (byte b : bytes) {
        h = 31 * h + b;
      }
      h = 31 * h + round;
      sum += weights[(int) Math.floorMod(h, (long) weights.length)];
    }
    return Math.tanh(sum / 64);
  }
}
