package dev.locus.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SourcePolicyTest {
  @ParameterizedTest(name = "[{index}] allow=''{0}'' pod={1} {2} -> {3}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      "-                          | false | https://example.com/a.bin           | allowed",
      "-                          | false | file:///data/in.bin                 | allowed",
      "-                          | true  | file:///data/in.bin                 | refused in pod mode",
      "-                          | true  | http://169.254.169.254/latest/meta  | link-local",
      "-                          | true  | http://metadata.google.internal/x   | link-local",
      "-                          | false | http://169.254.169.254/latest/meta  | allowed",
      "http://169.254.169.254     | true  | http://169.254.169.254/latest/meta  | allowed",
      "https://*.example.com      | true  | https://cdn.example.com/a           | allowed",
      "https://*.example.com      | true  | https://example.org/a               | not in the allowed sources",
      "https://*.example.com      | true  | http://cdn.example.com/a            | not in the allowed sources",
      "http://127.0.0.1:8080      | false | http://127.0.0.1:8080/f             | allowed",
      "http://127.0.0.1:8080      | false | http://127.0.0.1:9090/f             | not in the allowed sources",
      "https://*                  | false | https://anything.test/f             | allowed",
      "file:///data               | true  | file:///data/sub/in.bin             | allowed",
      "file:///data               | true  | file:///etc/passwd                  | not in the allowed sources",
      "file:///data               | true  | file:///data/../etc/passwd          | not in the allowed sources",
      "-                          | false | ftp://example.com/a                 | scheme 'ftp' is not supported",
      "-                          | false | gopher://x                          | scheme 'gopher' is not supported",
      "-                          | false | file:relative/path                  | absolute path",
      "-                          | false | http:///nohost                      | has no host",
      "-                          | false | 'http://exa mple.com/'              | not a valid URL",
  })
  void decides(String allowlist, boolean podMode, String url, String expected) {
    SourcePolicy policy = SourcePolicy.parse(allowlist, podMode);
    if (expected.equals("allowed")) {
      assertThat(policy.check(url)).isNotNull();
    } else {
      assertThatThrownBy(() -> policy.check(url)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(expected);
    }
  }

  @ParameterizedTest
  @CsvSource({"ftp://x, scheme must be", "'http://', allowed source 'http://'", "file:rel, absolute path"})
  void rejectsBadAllowlistEntries(String entry, String message) {
    assertThatThrownBy(() -> SourcePolicy.parse(entry, false)).hasMessageContaining(message);
  }
}
