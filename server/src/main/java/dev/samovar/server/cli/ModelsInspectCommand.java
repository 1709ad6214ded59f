package dev.samovar.server.cli;

import dev.samovar.models.ByteSizes;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufFormatException;
import dev.samovar.models.inspect.InvalidModelException;
import dev.samovar.models.inspect.ModelFacts;
import dev.samovar.models.inspect.ModelInspector;
import dev.samovar.models.inspect.ModelShape;
import dev.samovar.models.inspect.ModelValidator;
import dev.samovar.models.inspect.SpecialToken;
import dev.samovar.models.inspect.TypeShare;
import dev.samovar.models.plan.AvailableMemory;
import dev.samovar.models.plan.LayerSize;
import dev.samovar.models.plan.MemoryPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code samovar models inspect FILE|ID}: what a GGUF model is, from its header, and the memory it
 * needs next to the memory the machine has.
 */
@Command(
    name = "inspect",
    description =
        "Show a model's architecture, size, quantization, vocabulary, chat template and memory"
            + " estimate.",
    sortOptions = false,
    usageHelpAutoWidth = true)
public final class ModelsInspectCommand implements Callable<Integer> {
  private static final String LABEL = "%-18s%s%n";

  private final Map<String, String> env;

  @Spec private CommandSpec spec;
  @Mixin private ModelStoreOptions storeOptions;

  @Parameters(
      index = "0",
      paramLabel = "FILE|ID",
      description = "A GGUF file, a catalog id or hf://owner/repo/file.gguf (already downloaded).")
  private String model;

  @Option(
      names = "--ctx-size",
      defaultValue = "0",
      paramLabel = "TOKENS",
      description =
          "Context per sequence for the memory estimate; 0 means the model's, as serve uses it"
              + " (default: ${DEFAULT-VALUE}).")
  private int contextSize;

  @Option(
      names = "--parallel",
      defaultValue = "1",
      paramLabel = "N",
      description = "Sequences at once for the memory estimate (default: ${DEFAULT-VALUE}).")
  private int parallel;

  ModelsInspectCommand(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public Integer call() {
    if (contextSize < 0) {
      throw new ParameterException(spec.commandLine(), "--ctx-size must be >= 0: " + contextSize);
    }
    if (parallel < 1) {
      throw new ParameterException(spec.commandLine(), "--parallel must be >= 1: " + parallel);
    }
    Path path =
        storeOptions.cachedResolver(env).resolveCached(Arguments.reference(spec, model)).path();
    GgufFile gguf = ModelValidator.read(path);
    ModelFacts facts;
    MemoryPlan plan;
    try {
      facts = ModelInspector.inspect(gguf);
      plan = MemoryCheck.plan(gguf, contextSize, parallel);
    } catch (GgufFormatException e) {
      throw new InvalidModelException(path + " has invalid metadata: " + e.getMessage(), e);
    }
    print(facts, plan, AvailableMemory.probe(), ModelValidator.problem(gguf));
    return 0;
  }

  private void print(
      ModelFacts facts, MemoryPlan plan, AvailableMemory available, Optional<String> problem) {
    PrintWriter out = spec.commandLine().getOut();
    ModelShape shape = facts.shape();
    out.printf(LABEL, "file:", facts.path() + " (" + ByteSizes.decimal(facts.fileSize()) + ")");
    out.printf(LABEL, "architecture:", facts.architecture().isEmpty() ? "?" : facts.architecture());
    facts.name().ifPresent(name -> out.printf(LABEL, "name:", name));
    out.printf(
        LABEL,
        "parameters:",
        facts.vocabularyOnly()
            ? "none (a vocabulary-only file)"
            : count(facts.parameters()) + " in " + facts.tensorCount() + " tensors");
    facts.fileType().ifPresent(type -> out.printf(LABEL, "file type:", type));
    out.printf(LABEL, "context length:", shape.contextLength() + " tokens (trained)");
    out.printf(
        LABEL,
        "layers:",
        shape.layers()
            + " (embedding "
            + shape.embedding()
            + ", feed-forward "
            + shape.feedForward()
            + ", "
            + shape.heads()
            + " heads, "
            + shape.kvHeads()
            + " KV heads)");
    out.printf(LABEL, "vocabulary:", shape.vocabSize() + " tokens");
    out.printf(
        LABEL,
        "special tokens:",
        facts.specialTokens().isEmpty()
            ? "none"
            : facts.specialTokens().stream()
                .map(ModelsInspectCommand::token)
                .collect(Collectors.joining(", ")));
    out.printf(
        LABEL,
        "chat template:",
        facts
            .chatTemplateFamily()
            .map(family -> "present (" + family.label() + ")")
            .orElse("none"));
    out.printf(
        LABEL,
        "quantization:",
        facts.quantization().isEmpty()
            ? "none"
            : facts.quantization().size()
                + (facts.quantization().size() == 1 ? " tensor type" : " tensor types"));
    long weights = facts.quantization().stream().mapToLong(TypeShare::bytes).sum();
    for (TypeShare share : facts.quantization()) {
      out.printf(
          Locale.ROOT,
          "  %-8s %5d tensors  %8s  %5.1f%%%n",
          share.type(),
          share.tensors(),
          ByteSizes.decimal(share.bytes()),
          100.0 * share.bytes() / weights);
    }
    out.printf(LABEL, "memory estimate:", MemoryCheck.describe(plan));
    if (!plan.layers().isEmpty()) {
      out.printf(LABEL, "per layer:", layers(plan));
    }
    out.printf(
        LABEL,
        "available memory:",
        ByteSizes.binary(available.bytes())
            + " ("
            + available.source()
            + "): "
            + (plan.totalBytes() <= available.bytes() ? "the estimate fits" : "too little"));
    out.printf(LABEL, "servable:", problem.map(p -> "no: " + p).orElse("yes"));
    out.flush();
  }

  private static String token(SpecialToken token) {
    return token.role() + " " + token.id() + (token.text().isEmpty() ? "" : " " + token.text());
  }

  private static String layers(MemoryPlan plan) {
    List<LayerSize> layers = plan.layers();
    long least = layers.stream().mapToLong(LayerSize::weightBytes).min().orElseThrow();
    long most = layers.stream().mapToLong(LayerSize::weightBytes).max().orElseThrow();
    String weights =
        least == most
            ? ByteSizes.binary(most)
            : ByteSizes.binary(least) + " to " + ByteSizes.binary(most);
    return weights
        + " weights + "
        + ByteSizes.binary(layers.getFirst().kvCacheBytes())
        + " KV cache each; "
        + ByteSizes.binary(plan.otherWeightBytes())
        + " of weights outside the layers";
  }

  /** 1096960 as "1.10 M", 8030261248 as "8.03 B". */
  static String count(long n) {
    String[] units = {"", " K", " M", " B", " T"};
    double value = n;
    int unit = 0;
    while (value >= 999.5 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    if (unit == 0) {
      return Long.toString(n);
    }
    String format = value < 10 ? "%.2f" : value < 100 ? "%.1f" : "%.0f";
    return String.format(Locale.ROOT, format, value) + units[unit];
  }
}
