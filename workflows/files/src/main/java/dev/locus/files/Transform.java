package dev.locus.files;

import java.util.Arrays;
import java.util.stream.Collectors;

/** What the process step does to the input. */
public enum Transform {
  GZIP("gzip", ".gz"),
  IDENTITY("identity", ".bin");

  private final String id;
  private final String extension;

  Transform(String id, String extension) {
    this.id = id;
    this.extension = extension;
  }

  public String id() {
    return id;
  }

  public String extension() {
    return extension;
  }

  public static Transform parse(String id) {
    if (id == null || id.isBlank()) {
      return GZIP;
    }
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("unknown transform '" + id + "'; known: "
            + Arrays.stream(values()).map(Transform::id).collect(Collectors.joining(", "))));
  }
}
