package dev.locus.files;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which URLs a worker may read from and write to.
 *
 * <p>An allowlist entry is {@code scheme://host[:port]} where host may be {@code *} or start with {@code *.}, or
 * {@code file:///some/folder} (that folder and below). With an allowlist, only matching URLs pass. Without one,
 * http and https to any host pass, and file:// passes except in pod mode. In pod mode, link-local and cloud
 * metadata addresses are refused unless an entry names that host exactly.
 */
public final class SourcePolicy {
  private static final Set<String> SCHEMES = Set.of("http", "https", "file");
  private static final Set<String> METADATA_HOSTS =
      Set.of("metadata.google.internal", "metadata", "100.100.100.200", "fd00:ec2::254");

  private final List<Entry> entries;
  private final boolean podMode;

  private SourcePolicy(List<Entry> entries, boolean podMode) {
    this.entries = entries;
    this.podMode = podMode;
  }

  /** Parses a comma-separated allowlist; null or blank means "no allowlist". */
  public static SourcePolicy parse(String allowlist, boolean podMode) {
    List<Entry> entries = new ArrayList<>();
    if (allowlist != null) {
      for (String raw : allowlist.split(",")) {
        if (!raw.isBlank()) {
          entries.add(Entry.parse(raw.trim()));
        }
      }
    }
    return new SourcePolicy(List.copyOf(entries), podMode);
  }

  public static SourcePolicy permissive() {
    return new SourcePolicy(List.of(), false);
  }

  /** Returns the parsed URL if allowed; otherwise throws {@link IllegalArgumentException} saying why. */
  public URI check(String url) {
    URI uri;
    try {
      uri = new URI(url).normalize();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + url + "' is not a valid URL: " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!SCHEMES.contains(scheme)) {
      throw new IllegalArgumentException(
          "'" + url + "': scheme '" + scheme + "' is not supported (use http, https or file)");
    }
    if (scheme.equals("file")) {
      checkFile(url, uri);
    } else {
      checkHttp(url, uri, scheme);
    }
    return uri;
  }

  private void checkFile(String url, URI uri) {
    if (uri.getPath() == null || !uri.getPath().startsWith("/") || uri.getPath().contains("/../")
        || uri.getPath().endsWith("/..")) {
      throw new IllegalArgumentException("'" + url + "': file URLs need an absolute path without '..'");
    }
    Path path = Path.of(uri.getPath());
    if (entries.isEmpty()) {
      if (podMode) {
        throw new IllegalArgumentException(
            "'" + url + "': file:// is refused in pod mode unless allowed (--allowed-sources file:///folder)");
      }
      return;
    }
    if (entries.stream().noneMatch(e -> e.scheme.equals("file") && path.startsWith(Path.of(e.path)))) {
      throw notAllowed(url);
    }
  }

  private void checkHttp(String url, URI uri, String scheme) {
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("'" + url + "' has no host");
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    if (!entries.isEmpty()) {
      String h = host;
      if (entries.stream().noneMatch(e -> e.matches(scheme, h, port))) {
        throw notAllowed(url);
      }
    }
    if (podMode && isMetadataOrLinkLocal(host)) {
      String h = host;
      if (entries.stream().noneMatch(e -> e.scheme.equals(scheme) && e.host.equals(h))) {
        throw new IllegalArgumentException("'" + url + "': link-local and cloud metadata addresses are refused"
            + " in pod mode unless allowed by name in --allowed-sources");
      }
    }
  }

  private static boolean isMetadataOrLinkLocal(String host) {
    if (METADATA_HOSTS.contains(host)) {
      return true;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (address.isLinkLocalAddress() || METADATA_HOSTS.contains(address.getHostAddress())) {
          return true;
        }
      }
    } catch (UnknownHostException e) {
      return false;
    }
    return false;
  }

  private IllegalArgumentException notAllowed(String url) {
    return new IllegalArgumentException("'" + url + "' is not in the allowed sources (--allowed-sources / "
        + "LOCUS_ALLOWED_SOURCES: " + String.join(",", entries.stream().map(Entry::toString).toList()) + ")");
  }

  private record Entry(String scheme, String host, int port, String path) {
    static Entry parse(String raw) {
      URI uri;
      try {
        uri = new URI(raw);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("allowed source '" + raw + "' is not a URL: " + e.getMessage());
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!SCHEMES.contains(scheme)) {
        throw new IllegalArgumentException("allowed source '" + raw + "': scheme must be http, https or file");
      }
      if (scheme.equals("file")) {
        if (uri.getPath() == null || !uri.getPath().startsWith("/")) {
          throw new IllegalArgumentException("allowed source '" + raw + "' needs an absolute path");
        }
        return new Entry("file", "", -1, Path.of(uri.getPath()).normalize().toString());
      }
      // URI leaves the authority unparsed for "*" hosts; read it by hand.
      String authority = uri.getRawAuthority();
      if (authority == null || authority.isEmpty()) {
        throw new IllegalArgumentException("allowed source '" + raw + "' needs a host (or *)");
      }
      String host = authority;
      int port = -1;
      int colon = authority.lastIndexOf(':');
      if (colon > 0 && !authority.endsWith("]")) {
        host = authority.substring(0, colon);
        String p = authority.substring(colon + 1);
        port = p.equals("*") ? -1 : Integer.parseInt(p);
      }
      return new Entry(scheme, host.toLowerCase(Locale.ROOT).replace("[", "").replace("]", ""), port, null);
    }

    boolean matches(String scheme, String host, int port) {
      if (!this.scheme.equals(scheme) || (this.port != -1 && this.port != port)) {
        return false;
      }
      if (this.host.equals("*")) {
        return true;
      }
      if (this.host.startsWith("*.")) {
        return host.endsWith(this.host.substring(1));
      }
      return this.host.equals(host);
    }

    @Override
    public String toString() {
      return scheme.equals("file") ? "file://" + path : scheme + "://" + host + (port == -1 ? "" : ":" + port);
    }
  }
}
