package dev.samovar.server.cli;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.synthetic.SyntheticModel;
import dev.samovar.models.synthetic.SyntheticShape;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code samovar models synthetic --out FILE}: writes a Llama-architecture model of a named size
 * with seeded random weights and the tiny model's vocabulary, for throughput and memory checks.
 */
@Command(
    name = "synthetic",
    description =
        "Write a model of random weights (its text is noise) for throughput and memory checks.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ModelsSyntheticCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The GGUF to write.")
  private Path out;

  @Option(
      names = "--size",
      defaultValue = "150m",
      paramLabel = "SHAPE",
      description =
          "150m (24 layers of 768) or small (2 layers of 128) (default: ${DEFAULT-VALUE}).")
  private String size;

  @Option(
      names = "--type",
      defaultValue = "F16",
      paramLabel = "TYPE",
      description = "The weight matrices' type: F16 or Q8_0 (default: ${DEFAULT-VALUE}).")
  private String type;

  @Option(
      names = "--seed",
      defaultValue = "" + SyntheticModel.DEFAULT_SEED,
      paramLabel = "N",
      description = "The weights' seed (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Override
  public Integer call() throws Exception {
    SyntheticShape shape;
    try {
      shape = SyntheticShape.named(size).withType(weights());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--size: " + e.getMessage());
    }
    long parameters = SyntheticModel.write(out, shape, seed);
    PrintWriter writer = spec.commandLine().getOut();
    writer.printf(
        "%s: %s parameters (%s, %s weights, seed %d), %s%n",
        out,
        ModelsInspectCommand.count(parameters),
        shape.name(),
        shape.type(),
        seed,
        ByteSizes.decimal(Files.size(out)));
    writer.flush();
    return 0;
  }

  private GgmlType weights() {
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "F16" -> GgmlType.F16;
      case "Q8_0" -> GgmlType.Q8_0;
      default ->
          throw new ParameterException(
              spec.commandLine(), "--type must be F16 or Q8_0, not " + type);
    };
  }
}
