package dev.samovar.training.cli;

import dev.samovar.training.gguf.LoraExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samovar train export-lora}: a PEFT LoRA adapter as a GGUF adapter for llama.cpp. */
@Command(
    name = "export-lora",
    description =
        "Convert a PEFT LoRA adapter into a GGUF adapter that llama.cpp applies at run time"
            + " (samovar serve --lora FILE[:scale]).",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ExportLoraCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--adapter",
      required = true,
      paramLabel = "PEFT_DIR",
      description = "The PEFT adapter.")
  private Path adapter;

  @Option(
      names = "--base-gguf",
      required = true,
      paramLabel = "FILE.gguf",
      description = "The GGUF export of the adapter's base model.")
  private Path baseGguf;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "ADAPTER.gguf",
      description = "The GGUF adapter (must not exist).")
  private Path out;

  @Override
  public Integer call() throws IOException {
    new LoraExporter(spec.commandLine().getOut()).export(adapter, baseGguf, out);
    return 0;
  }
}
