package dev.samovar.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.models.ByteSizes;
import dev.samovar.training.gguf.ExportType;
import dev.samovar.training.gguf.GgufExporter;
import dev.samovar.training.safetensors.Dtype;
import dev.samovar.training.safetensors.SafetensorsWriter;
import dev.samovar.training.safetensors.TensorLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The export benchmark (not part of {@code verify}): a synthetic BF16 checkpoint with Llama-3-8B's
 * shapes (embeddings and lm_head 128256 x 4096, two transformer layers; about 3 GB) and the real
 * Llama-3 tokenizer, generated in a temporary folder, exported to each type given (default q8_0 and
 * q4_k_m), then deleted. The checkpoint is flushed to disk before the exports (it stays in the page
 * cache, as a model just downloaded or merged would). Prints MB/s of BF16 input and the peak heap
 * of each export; run it with {@code -Xmx1g}. See training/README.md for the command and the
 * figures.
 *
 * <p>Arguments: {@code [--dir DIR] [--threads N] [TYPE...]}.
 */
public final class ExportBenchmark {
  private static final int VOCAB = 128256;
  private static final int HIDDEN = 4096;
  private static final int FFN = 14336;
  private static final int LAYERS = 2;
  private static final int KV = 1024;

  private ExportBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("samovar-export-bench-");
    int threads = Runtime.getRuntime().availableProcessors();
    List<String> types = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" ->
            dir = Files.createTempDirectory(Path.of(args[++i]), "samovar-export-bench-");
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        default -> types.add(args[i]);
      }
    }
    if (types.isEmpty()) {
      types = List.of("q8_0", "q4_k_m");
    }
    PrintWriter out = new PrintWriter(System.out, true);
    try {
      long start = System.nanoTime();
      Path hf = dir.resolve("llama3-8b-shapes");
      long bytes = writeCheckpoint(hf);
      out.printf(
          Locale.ROOT,
          "generated %s of BF16 weights in %.1f s (max heap %d MB, %d threads, %d cores, load %s)%n",
          ByteSizes.decimal(bytes),
          (System.nanoTime() - start) / 1e9,
          Runtime.getRuntime().maxMemory() >> 20,
          threads,
          Runtime.getRuntime().availableProcessors(),
          loadAverage());
      for (String type : types) {
        resetPeaks();
        Path gguf = dir.resolve("bench-" + type + ".gguf");
        long t0 = System.nanoTime();
        new GgufExporter(new PrintWriter(PrintWriter.nullWriter()), threads)
            .export(hf, gguf, ExportType.parse(type));
        double seconds = (System.nanoTime() - t0) / 1e9;
        out.printf(
            Locale.ROOT,
            "%-7s %6.1f s  %6.0f MB/s of BF16 input  output %s  peak heap %d MB  (load %s)%n",
            type,
            seconds,
            bytes / seconds / 1e6,
            ByteSizes.decimal(Files.size(gguf)),
            peakHeap() >> 20,
            loadAverage());
        Files.delete(gguf);
      }
    } finally {
      delete(dir);
    }
    System.exit(0);
  }

  private static long writeCheckpoint(Path dir) throws IOException {
    Files.createDirectories(dir);
    Llama3Checkpoint.writeTokenizer(dir, Llama3Checkpoint.vocabulary().metadata());
    ObjectMapper json = new ObjectMapper();
    ObjectNode config = json.createObjectNode();
    config.putArray("architectures").add("LlamaForCausalLM");
    config.put("model_type", "llama");
    config.put("hidden_size", HIDDEN);
    config.put("intermediate_size", FFN);
    config.put("num_hidden_layers", LAYERS);
    config.put("num_attention_heads", 32);
    config.put("num_key_value_heads", 8);
    config.put("max_position_embeddings", 8192);
    config.put("rms_norm_eps", 1e-5);
    config.put("rope_theta", 500000.0);
    config.put("tie_word_embeddings", false);
    config.put("vocab_size", VOCAB);
    json.writeValue(dir.resolve("config.json").toFile(), config);
    Map<String, long[]> shapes = new LinkedHashMap<>();
    shapes.put("model.embed_tokens.weight", new long[] {VOCAB, HIDDEN});
    for (int i = 0; i < LAYERS; i++) {
      String p = "model.layers." + i + ".";
      shapes.put(p + "input_layernorm.weight", new long[] {HIDDEN});
      shapes.put(p + "self_attn.q_proj.weight", new long[] {HIDDEN, HIDDEN});
      shapes.put(p + "self_attn.k_proj.weight", new long[] {KV, HIDDEN});
      shapes.put(p + "self_attn.v_proj.weight", new long[] {KV, HIDDEN});
      shapes.put(p + "self_attn.o_proj.weight", new long[] {HIDDEN, HIDDEN});
      shapes.put(p + "post_attention_layernorm.weight", new long[] {HIDDEN});
      shapes.put(p + "mlp.gate_proj.weight", new long[] {FFN, HIDDEN});
      shapes.put(p + "mlp.up_proj.weight", new long[] {FFN, HIDDEN});
      shapes.put(p + "mlp.down_proj.weight", new long[] {HIDDEN, FFN});
    }
    shapes.put("model.norm.weight", new long[] {HIDDEN});
    shapes.put("lm_head.weight", new long[] {VOCAB, HIDDEN});
    List<TensorLayout> layouts = new ArrayList<>();
    shapes.forEach((name, shape) -> layouts.add(new TensorLayout(name, Dtype.BF16, shape)));
    long total = 0;
    SplittableRandom random = new SplittableRandom(8);
    ByteBuffer chunk = ByteBuffer.allocate(1 << 22).order(ByteOrder.LITTLE_ENDIAN);
    try (SafetensorsWriter writer =
        SafetensorsWriter.create(dir.resolve("model.safetensors"), layouts, Map.of())) {
      for (TensorLayout layout : layouts) {
        writer.beginTensor(layout.name());
        boolean norm = layout.shape().length == 1;
        for (long left = layout.byteSize(); left > 0; left -= chunk.limit()) {
          chunk.clear().limit((int) Math.min(chunk.capacity(), left));
          while (chunk.hasRemaining()) {
            double g = random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5;
            float value = norm ? (float) (1 + 0.1 * g) : (float) (0.03 * g);
            chunk.putShort((short) (Float.floatToRawIntBits(value) >>> 16));
          }
          writer.put(chunk.flip());
        }
        writer.endTensor();
        total += layout.byteSize();
      }
    }
    try (FileChannel file =
        FileChannel.open(dir.resolve("model.safetensors"), StandardOpenOption.WRITE)) {
      file.force(true);
    }
    return total;
  }

  private static void resetPeaks() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
  }

  /** The sum of the heap pools' peaks: an upper bound of the heap in use at any moment. */
  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static String loadAverage() {
    return String.format(
        Locale.ROOT, "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void delete(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
        for (Path entry : entries) {
          delete(entry);
        }
      }
    }
    Files.deleteIfExists(path);
  }
}
