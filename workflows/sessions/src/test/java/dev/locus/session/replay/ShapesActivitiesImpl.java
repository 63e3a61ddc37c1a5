package dev.locus.session.replay;

import io.temporal.failure.ApplicationFailure;

public class ShapesActivitiesImpl implements ShapesActivities {
  @Override
  public String step(String input, long millis) {
    if (input.equals("fail")) {
      throw ApplicationFailure.newNonRetryableFailure("asked to fail", "ShapesFailure");
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return input;
  }
}
