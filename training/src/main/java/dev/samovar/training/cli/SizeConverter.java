package dev.samovar.training.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a byte count such as {@code 5GB}, {@code 500MB}, {@code 2GiB} or {@code 1000000}. */
final class SizeConverter implements ITypeConverter<Long> {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmg]i?b)?");

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException("'" + value + "' is not a size like 5GB or 500MB");
    }
    long unit =
        m.group(2) == null
            ? 1
            : switch (m.group(2)) {
              case "kb" -> 1_000L;
              case "mb" -> 1_000_000L;
              case "gb" -> 1_000_000_000L;
              case "kib" -> 1L << 10;
              case "mib" -> 1L << 20;
              default -> 1L << 30;
            };
    try {
      long size = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
      if (size < 1) {
        throw new TypeConversionException("the size must be positive");
      }
      return size;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is too large");
    }
  }
}
