package dev.samovar.training.gguf;

import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufWriter;
import dev.samovar.models.gguf.TensorInfo;
import dev.samovar.models.gguf.TensorSpec;
import dev.samovar.training.PartialOutput;
import dev.samovar.training.TrainingException;
import dev.samovar.training.peft.AdapterConfig;
import dev.samovar.training.peft.LoraAdapter;
import dev.samovar.training.peft.LoraModule;
import dev.samovar.training.peft.RowMajor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Converts a PEFT LoRA adapter into a GGUF adapter that llama.cpp applies at run time on top of a
 * Llama GGUF: {@code <base tensor>.lora_a} ({@code ne [in, r]}, A as is) and {@code .lora_b}
 * ({@code ne [r, out]}, B with the Q/K row permutation); for embeddings A is transposed. llama.cpp
 * scales each pair by {@code alpha / r}, so alpha is folded in: {@code lora_alpha} as is, {@code
 * lora_alpha * sqrt(r)} for rsLoRA with one rank, and otherwise (per-module alphas, or rsLoRA with
 * mixed ranks) each B pre-multiplied by its scale with alpha 0.
 */
public final class LoraExporter {
  private final PrintWriter log;

  public LoraExporter(PrintWriter log) {
    this.log = log;
  }

  /** Writes {@code out} from the adapter in {@code adapterDir} for the model {@code baseGguf}. */
  public void export(Path adapterDir, Path baseGguf, Path out) throws IOException {
    PartialOutput output = PartialOutput.of(out);
    GgufFile base = GgufFile.read(baseGguf);
    GgufMetadata meta = base.metadata();
    String architecture = meta.optionalString("general.architecture").orElse("(none)");
    if (!architecture.equals("llama")) {
      throw new TrainingException(
          baseGguf + " is a " + architecture + " model; samovar makes adapters for llama models");
    }
    int heads = (int) meta.u32("llama.attention.head_count");
    int kvHeads = (int) meta.u32("llama.attention.head_count_kv");
    int headDim = (int) meta.u32("llama.rope.dimension_count");
    try (LoraAdapter adapter = LoraAdapter.open(adapterDir)) {
      if (!adapter.replacements().isEmpty()) {
        throw new TrainingException(
            "the adapter saves whole modules ("
                + String.join(", ", adapter.replacements().keySet())
                + "), which a runtime adapter cannot carry; merge it instead");
      }
      AdapterConfig config = adapter.config();
      float alpha = foldedAlpha(config, adapter.modules());
      boolean prescale = alpha == 0;
      List<TensorSpec> specs = new ArrayList<>();
      List<Pair> pairs = new ArrayList<>();
      for (LoraModule module : adapter.modules()) {
        String name =
            LlamaTensors.ggufName(module.weight())
                .orElseThrow(
                    () ->
                        new TrainingException(
                            "adapter module "
                                + module.module()
                                + " is not a Llama weight (an adapter for another architecture?)"));
        TensorInfo weight =
            base.tensor(name)
                .orElseThrow(
                    () ->
                        new TrainingException(
                            baseGguf
                                + " has no "
                                + name
                                + " for adapter module "
                                + module.module()
                                + (name.equals("output.weight")
                                    ? " (its embeddings are tied; merge the adapter instead)"
                                    : "")));
        long[] ne = weight.ne();
        if (ne.length != 2 || ne[0] != module.inFeatures() || ne[1] != module.outFeatures()) {
          throw new TrainingException(
              "adapter module "
                  + module.module()
                  + " updates a ["
                  + module.outFeatures()
                  + ", "
                  + module.inFeatures()
                  + "] weight, but "
                  + name
                  + " in "
                  + baseGguf
                  + " has ne "
                  + Arrays.toString(ne));
        }
        int r = module.rank();
        long[] aNe = module.embedding() ? new long[] {r, ne[1]} : new long[] {ne[0], r};
        long[] bNe = module.embedding() ? new long[] {r, ne[0]} : new long[] {r, ne[1]};
        specs.add(TensorSpec.of(name + ".lora_a", GgmlType.F32, aNe));
        specs.add(TensorSpec.of(name + ".lora_b", GgmlType.F32, bNe));
        int permute =
            name.endsWith(".attn_q.weight") || name.endsWith(".attn_k.weight") ? headDim : 0;
        pairs.add(new Pair(module, name, permute));
      }
      checkHeads(pairs, heads, kvHeads, headDim);
      GgufMetadata metadata =
          GgufMetadata.builder()
              .string("general.architecture", "llama")
              .string("general.type", "adapter")
              .string(
                  "general.name", adapterDir.toAbsolutePath().normalize().getFileName().toString())
              .string("adapter.type", "lora")
              .f32("adapter.lora.alpha", alpha)
              .build();
      try (GgufWriter writer = GgufWriter.create(output.part(), metadata, specs)) {
        for (Pair pair : pairs) {
          write(adapter, pair, prescale, writer);
        }
      } catch (IOException | RuntimeException e) {
        output.discard(e);
        throw e;
      }
      output.commit();
      log.println(
          "export-lora: wrote "
              + output.target().getFileName()
              + ": "
              + pairs.size()
              + " modules, alpha "
              + alpha
              + (prescale ? " (scales folded into B)" : ""));
      log.flush();
    }
  }

  /**
   * The alpha for the GGUF so that llama.cpp's {@code alpha / r} is each module's scale, or 0 when
   * no single value does (B is then pre-scaled).
   */
  static float foldedAlpha(AdapterConfig config, List<LoraModule> modules) {
    if (config.hasAlphaPattern()) {
      return 0;
    }
    if (!config.rsLora()) {
      return (float) config.alpha();
    }
    int rank = modules.isEmpty() ? config.rank() : modules.getFirst().rank();
    for (LoraModule module : modules) {
      if (module.rank() != rank) {
        return 0;
      }
    }
    float alpha = (float) (config.alpha() * Math.sqrt(rank));
    return alpha == 0 ? 0 : alpha;
  }

  private static void checkHeads(List<Pair> pairs, int heads, int kvHeads, int headDim) {
    for (Pair pair : pairs) {
      if (pair.permute() > 0) {
        long rows = pair.module().outFeatures();
        int expected = (pair.name().endsWith(".attn_q.weight") ? heads : kvHeads) * headDim;
        if (rows != expected) {
          throw new TrainingException(
              "adapter module "
                  + pair.module().module()
                  + " has "
                  + rows
                  + " output rows; the base model's heads need "
                  + expected);
        }
      }
    }
  }

  private static void write(LoraAdapter adapter, Pair pair, boolean prescale, GgufWriter writer)
      throws IOException {
    LoraModule module = pair.module();
    float[] a = adapter.tensors().readAll(module.a());
    float[] b = adapter.tensors().readAll(module.b());
    int r = module.rank();
    if (module.embedding()) {
      a = RowMajor.transpose(a, r, (int) module.outFeatures());
    }
    if (pair.permute() > 0) {
      float[] permuted = new float[b.length];
      for (int row = 0; row < b.length / r; row++) {
        System.arraycopy(b, QkPermutation.sourceRow(row, pair.permute()) * r, permuted, row * r, r);
      }
      b = permuted;
    }
    if (prescale) {
      for (int i = 0; i < b.length; i++) {
        b[i] = (float) (b[i] * module.scale());
      }
    }
    writer.writeTensor(pair.name() + ".lora_a", a);
    writer.writeTensor(pair.name() + ".lora_b", b);
  }

  private record Pair(LoraModule module, String name, int permute) {}
}
