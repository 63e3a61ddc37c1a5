package dev.locus.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Byte counts: 1048576, 512KiB, 8MiB, 1GiB (also K/M/G, KB/MB/GB as powers of 1024). */
public final class ByteSizeConverter implements CommandLine.ITypeConverter<Long> {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a size: use e.g. 1048576, 64KiB, 8MiB");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0)) {
      case 'k' -> n << 10;
      case 'm' -> n << 20;
      case 'g' -> n << 30;
      default -> n;
    };
  }
}
