package dev.samovar.training.cli;

import dev.samovar.training.safetensors.Dtype;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --dtype bf16|f16|f32}. */
final class DtypeConverter implements ITypeConverter<Dtype> {
  @Override
  public Dtype convert(String value) {
    return switch (value) {
      case "bf16" -> Dtype.BF16;
      case "f16" -> Dtype.F16;
      case "f32" -> Dtype.F32;
      default ->
          throw new TypeConversionException("unknown dtype '" + value + "' (bf16, f16 or f32)");
    };
  }
}
