package dev.locus.files;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code FileProcessingWorkflow}'s input as any client sends it: a JSON string (the source URL) or an object
 * {@code {"source", "destination"?, "transform"?}}. Any other shape throws a non-retryable {@code InvalidRequest}
 * naming the problem.
 */
final class FileProcessingRequestJson {
  static final String SHAPE = "a URL string or an object {\"source\", \"destination\"?, \"transform\"?}";
  private static final Set<String> TEXT_FIELDS = Set.of("source", "destination", "transform");
  private static final String TIMEOUT_FIELD = "sessionHeartbeatTimeoutMs";
  private static final String RESUME_FIELD = "resumeWithinMs";

  private FileProcessingRequestJson() {}

  static FileProcessingRequest fromJson(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      throw invalid("FileProcessingWorkflow input is empty; expected " + SHAPE);
    }
    if (node.isTextual()) {
      return FileProcessingRequest.of(node.textValue());
    }
    if (!node.isObject()) {
      throw invalid("FileProcessingWorkflow input is " + describe(node) + "; expected " + SHAPE);
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!TEXT_FIELDS.contains(name) && !name.equals(TIMEOUT_FIELD) && !name.equals(RESUME_FIELD)) {
        unknown.add(name);
      }
    }
    if (!unknown.isEmpty()) {
      throw invalid("FileProcessingWorkflow input has unknown field(s) " + unknown + "; expected " + SHAPE);
    }
    Map<String, String> text = new HashMap<>();
    for (String field : TEXT_FIELDS) {
      JsonNode value = node.get(field);
      if (value != null && !value.isNull()) {
        if (!value.isTextual()) {
          throw invalid("FileProcessingWorkflow input field '" + field + "' must be a string, not "
              + describe(value));
        }
        text.put(field, value.textValue());
      }
    }
    return new FileProcessingRequest(text.get("source"), text.get("destination"), text.get("transform"),
        millis(node, TIMEOUT_FIELD, 1, "a positive"), millis(node, RESUME_FIELD, 0, "a non-negative"));
  }

  private static Long millis(JsonNode node, String field, long min, String what) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.canConvertToExactIntegral() || value.asLong() < min) {
      throw invalid("FileProcessingWorkflow input field '" + field + "' must be " + what + " whole number of"
          + " milliseconds, not " + describe(value));
    }
    return value.asLong();
  }

  static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FileProcessingWorkflowImpl.INVALID_REQUEST);
  }

  private static String describe(JsonNode node) {
    String json = node.toString();
    String shown = json.length() > 60 ? json.substring(0, 57) + "..." : json;
    return switch (node.getNodeType()) {
      case ARRAY -> "an array (" + shown + ")";
      case NUMBER -> "a number (" + shown + ")";
      case BOOLEAN -> "a boolean (" + shown + ")";
      case OBJECT -> "an object (" + shown + ")";
      case STRING -> "a string (" + shown + ")";
      default -> shown;
    };
  }
}
