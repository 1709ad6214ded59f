package dev.samovar.training.cli;

import dev.samovar.training.dataset.select.LangSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --lang ru=all,en=1000,zh=1000}. */
final class LangSpecConverter implements ITypeConverter<LangSpec> {
  @Override
  public LangSpec convert(String value) {
    try {
      return LangSpec.parse(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
