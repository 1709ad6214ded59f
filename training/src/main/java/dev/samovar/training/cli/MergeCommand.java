package dev.samovar.training.cli;

import dev.samovar.training.merge.LoraMerger;
import dev.samovar.training.merge.MergeOptions;
import dev.samovar.training.safetensors.Dtype;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code samovar train merge}: a PEFT LoRA adapter merged into its Hugging Face base model. */
@Command(
    name = "merge",
    description =
        "Merge a PEFT LoRA adapter into a Hugging Face model (safetensors), streaming tensor by"
            + " tensor; W + scale*B*A in double precision, rounded once. A killed run resumes"
            + " from OUT.part.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class MergeCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--base", required = true, paramLabel = "HF_DIR", description = "Base model.")
  private Path base;

  @Option(
      names = "--adapter",
      required = true,
      paramLabel = "PEFT_DIR",
      description = "PEFT adapter (adapter_config.json, adapter_model.safetensors).")
  private Path adapter;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "HF_DIR",
      description = "Merged model directory (must not exist, or be empty).")
  private Path out;

  @Option(
      names = "--dtype",
      paramLabel = "bf16|f16|f32",
      converter = DtypeConverter.class,
      description = "Dtype of the merged weights (default: each base tensor's own).")
  private Dtype dtype;

  @Option(
      names = "--max-shard-size",
      defaultValue = "5GB",
      paramLabel = "SIZE",
      converter = SizeConverter.class,
      description = "Largest shard, e.g. 5GB or 500MB (default: ${DEFAULT-VALUE}).")
  private long maxShardSize;

  @Mixin private ThreadsOption threads;

  @Override
  public Integer call() throws IOException {
    MergeOptions options =
        new MergeOptions(Optional.ofNullable(dtype), maxShardSize, threads.threads());
    int changed = new LoraMerger(spec.commandLine().getOut(), options).merge(base, adapter, out);
    spec.commandLine().getOut().println("merge: " + changed + " weights changed; wrote " + out);
    return 0;
  }
}
