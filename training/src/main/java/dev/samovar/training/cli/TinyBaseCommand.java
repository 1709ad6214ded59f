package dev.samovar.training.cli;

import dev.samovar.training.PartialOutput;
import dev.samovar.training.tiny.TinyLlama;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code samovar train tiny-base}: a tiny Llama-architecture Hugging Face checkpoint to fine-tune
 * in the training smoke test (recipes/smoke), which merge, export-gguf and smoke accept.
 */
@Command(
    name = "tiny-base",
    description =
        "Write a tiny Llama-architecture Hugging Face checkpoint (config.json, Llama-3-style"
            + " tokenizer with its chat template, random BF16 weights from --seed) for the training"
            + " smoke test.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class TinyBaseCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "HF_DIR",
      description = "Checkpoint directory (must not exist, or be empty).")
  private Path out;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "N",
      description = "Seed of the random weights (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() throws IOException {
    PartialOutput output = PartialOutput.of(out);
    TinyLlama model;
    try {
      model = TinyLlama.write(output.part(), TinyLlama.SHAPE, seed);
      output.commit();
    } catch (IOException | RuntimeException e) {
      output.discard(e);
      throw e;
    }
    long parameters = model.weights().values().stream().mapToLong(w -> w.length).sum();
    spec.commandLine()
        .getOut()
        .println("tiny-base: wrote " + output.target() + " (" + parameters + " parameters)");
    return 0;
  }
}
