import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufWriter;
import dev.samovar.models.gguf.TensorSpec;
import dev.samovar.models.tiny.TinyModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a Llama-architecture GGUF of about 150M parameters with seeded random F16 weights and the
 * tiny model's vocabulary and chat template, for GPU throughput checks (its text is noise). Run
 * with the models jar on the class path: {@code java -cp samovar-models.jar SyntheticModel.java
 * OUT.gguf}.
 */
final class SyntheticModel {
  private static final int EMBD = 768;
  private static final int LAYERS = 24;
  private static final int HEADS = 12;
  private static final int KV_HEADS = 4;
  private static final int FFN = 2048;
  private static final int HEAD_DIM = EMBD / HEADS;

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java -cp samovar-models.jar SyntheticModel.java OUT.gguf");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Path tiny = Files.createTempFile("samovar-tiny", ".gguf");
    TinyModel.write(tiny);
    GgufFile source = GgufFile.read(tiny);
    Files.delete(tiny);
    List<String> replaced =
        List.of(
            "general.name",
            "general.file_type",
            "llama.embedding_length",
            "llama.block_count",
            "llama.feed_forward_length",
            "llama.attention.head_count",
            "llama.attention.head_count_kv",
            "llama.rope.dimension_count");
    GgufMetadata.Builder metadata = GgufMetadata.builder();
    for (var entry : source.metadata().asMap().entrySet()) {
      if (!replaced.contains(entry.getKey())) {
        metadata.put(entry.getKey(), entry.getValue());
      }
    }
    int vocab = source.metadata().strings("tokenizer.ggml.tokens").size();
    metadata
        .string("general.name", "samovar synthetic 150M GPU check model")
        .u32("general.file_type", 1)
        .u32("llama.embedding_length", EMBD)
        .u32("llama.block_count", LAYERS)
        .u32("llama.feed_forward_length", FFN)
        .u32("llama.attention.head_count", HEADS)
        .u32("llama.attention.head_count_kv", KV_HEADS)
        .u32("llama.rope.dimension_count", HEAD_DIM);
    int kv = KV_HEADS * HEAD_DIM;
    List<TensorSpec> specs = new ArrayList<>();
    specs.add(TensorSpec.of("token_embd.weight", GgmlType.F16, EMBD, vocab));
    for (int layer = 0; layer < LAYERS; layer++) {
      String blk = "blk." + layer + ".";
      specs.add(TensorSpec.of(blk + "attn_norm.weight", GgmlType.F32, EMBD));
      specs.add(TensorSpec.of(blk + "attn_q.weight", GgmlType.F16, EMBD, EMBD));
      specs.add(TensorSpec.of(blk + "attn_k.weight", GgmlType.F16, EMBD, kv));
      specs.add(TensorSpec.of(blk + "attn_v.weight", GgmlType.F16, EMBD, kv));
      specs.add(TensorSpec.of(blk + "attn_output.weight", GgmlType.F16, EMBD, EMBD));
      specs.add(TensorSpec.of(blk + "ffn_norm.weight", GgmlType.F32, EMBD));
      specs.add(TensorSpec.of(blk + "ffn_gate.weight", GgmlType.F16, EMBD, FFN));
      specs.add(TensorSpec.of(blk + "ffn_up.weight", GgmlType.F16, EMBD, FFN));
      specs.add(TensorSpec.of(blk + "ffn_down.weight", GgmlType.F16, FFN, EMBD));
    }
    specs.add(TensorSpec.of("output_norm.weight", GgmlType.F32, EMBD));
    specs.add(TensorSpec.of("output.weight", GgmlType.F16, EMBD, vocab));
    SplittableRandom random = new SplittableRandom(150);
    long parameters = 0;
    try (GgufWriter writer = GgufWriter.create(out, metadata.build(), specs)) {
      for (TensorSpec spec : specs) {
        long count = 1;
        for (long n : spec.ne()) {
          count *= n;
        }
        parameters += count;
        boolean norm = spec.name().endsWith("norm.weight");
        float scale = (float) (1 / Math.sqrt(spec.ne()[0]));
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
          values[i] = norm ? 1f : (float) (random.nextGaussian() * scale);
        }
        writer.writeTensor(spec.name(), values);
      }
    }
    System.out.println(out + ": " + parameters / 1_000_000 + "M parameters, " + vocab + " tokens");
  }
}
