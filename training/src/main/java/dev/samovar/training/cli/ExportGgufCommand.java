package dev.samovar.training.cli;

import dev.samovar.training.gguf.ExportType;
import dev.samovar.training.gguf.GgufExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code samovar train export-gguf}: a Hugging Face Llama model as a GGUF file. */
@Command(
    name = "export-gguf",
    description =
        "Export a Hugging Face Llama model (config.json, tokenizer.json, tokenizer_config.json,"
            + " safetensors) to GGUF.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ExportGgufCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--hf", required = true, paramLabel = "HF_DIR", description = "The model.")
  private Path hf;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.gguf",
      description = "The GGUF file (must not exist).")
  private Path out;

  @Option(
      names = "--type",
      required = true,
      paramLabel = "f32|f16|bf16|q8_0|q4_0|q4_k_m",
      converter = TypeConverter.class,
      description = "Tensor type of the weights; q4_k_m mixes Q4_K and Q6_K as llama-quantize.")
  private ExportType type;

  @Mixin private ThreadsOption threads;

  @Override
  public Integer call() throws IOException {
    new GgufExporter(spec.commandLine().getOut(), threads.threads()).export(hf, out, type);
    return 0;
  }

  /** Reads {@code --type}. */
  static final class TypeConverter implements ITypeConverter<ExportType> {
    @Override
    public ExportType convert(String value) {
      try {
        return ExportType.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
