package dev.samovar.training.merge;

import static dev.samovar.training.gguf.LlamaTensors.EMBEDDINGS;
import static dev.samovar.training.gguf.LlamaTensors.LM_HEAD;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.cli.Progress;
import dev.samovar.client.jsonl.AtomicFiles;
import dev.samovar.training.PartialOutput;
import dev.samovar.training.TrainingException;
import dev.samovar.training.hf.JsonFiles;
import dev.samovar.training.peft.LoraAdapter;
import dev.samovar.training.peft.LoraModule;
import dev.samovar.training.safetensors.Checkpoint;
import dev.samovar.training.safetensors.Dtype;
import dev.samovar.training.safetensors.SafetensorsWriter;
import dev.samovar.training.safetensors.TensorEntry;
import dev.samovar.training.safetensors.TensorLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Merges a PEFT LoRA adapter into a Hugging Face model, streaming tensor by tensor: each updated
 * weight is {@code W + scale * B·A} (or its embedding form) computed in double precision and
 * rounded once to the output dtype. Writes sharded safetensors, the index, and copies of the config
 * and tokenizer files; an lm_head update on tied embeddings unties them.
 */
public final class LoraMerger {
  /** Files copied from the base model directory when present. */
  static final List<String> COPIED =
      List.of(
          "generation_config.json",
          "tokenizer.json",
          "tokenizer_config.json",
          "special_tokens_map.json",
          "tokenizer.model");

  private static final String CONFIG = "config.json";
  private static final long CHUNK_ELEMENTS = 1 << 22;

  private final PrintWriter log;
  private final MergeOptions options;

  public LoraMerger(PrintWriter log, MergeOptions options) {
    this.log = log;
    this.options = options;
  }

  /**
   * Merges {@code adapterDir} into {@code baseDir}, writing {@code outDir} (which must not exist or
   * be empty). A run killed midway leaves {@code outDir.part}; the next run keeps its complete
   * shards.
   *
   * @return the number of weights the adapter changed
   */
  public int merge(Path baseDir, Path adapterDir, Path outDir) throws IOException {
    PartialOutput output = PartialOutput.of(outDir);
    JsonNode config = JsonFiles.read(baseDir.resolve(CONFIG));
    try (Checkpoint base = Checkpoint.openDirectory(baseDir);
        LoraAdapter adapter = LoraAdapter.open(adapterDir)) {
      boolean tied = JsonFiles.bool(baseDir.resolve(CONFIG), config, "tie_word_embeddings", false);
      List<MergedTensor> tensors = plan(base, adapter, tied);
      boolean untie =
          tensors.stream().anyMatch(t -> t.name().equals(LM_HEAD)) && base.find(LM_HEAD).isEmpty();
      List<List<MergedTensor>> shards = shard(tensors);
      try {
        Files.createDirectories(output.part());
        write(shards, base, adapter, output.part());
        finish(baseDir, output.part(), config, shards, untie);
        output.commit();
      } catch (IOException | RuntimeException e) {
        output.discard(e);
        throw e;
      }
      return (int) tensors.stream().filter(t -> t.update().isPresent()).count()
          + adapter.replacements().size();
    }
  }

  private List<MergedTensor> plan(Checkpoint base, LoraAdapter adapter, boolean tied) {
    Map<String, LoraModule> updates = new HashMap<>();
    for (LoraModule module : adapter.modules()) {
      TensorEntry weight =
          baseWeight(base, module.weight(), tied, "LoRA module " + module.module());
      long[] shape = weight.shape();
      if (shape.length != 2
          || shape[0] != module.outFeatures()
          || shape[1] != module.inFeatures()) {
        throw new TrainingException(
            "adapter module "
                + module.module()
                + " updates a ["
                + module.outFeatures()
                + ", "
                + module.inFeatures()
                + "] weight (A "
                + module.a().shapeText()
                + ", B "
                + module.b().shapeText()
                + "), but the base weight "
                + weight.name()
                + " is "
                + weight.shapeText());
      }
      updates.put(module.weight(), module);
    }
    for (Map.Entry<String, TensorEntry> replacement : adapter.replacements().entrySet()) {
      TensorEntry weight = baseWeight(base, replacement.getKey(), tied, "modules_to_save weight");
      if (!Arrays.equals(weight.shape(), replacement.getValue().shape())) {
        throw new TrainingException(
            "adapter replaces "
                + replacement.getKey()
                + " with a "
                + replacement.getValue().shapeText()
                + " tensor, but the base weight is "
                + weight.shapeText());
      }
      if (updates.containsKey(replacement.getKey())) {
        throw new TrainingException("adapter both replaces and updates " + replacement.getKey());
      }
    }
    List<MergedTensor> tensors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (TensorEntry tensor : base.tensors()) {
      tensors.add(merged(tensor.name(), tensor, updates, adapter));
      names.add(tensor.name());
    }
    if (!names.contains(LM_HEAD)
        && (updates.containsKey(LM_HEAD) || adapter.replacements().containsKey(LM_HEAD))) {
      tensors.add(merged(LM_HEAD, base.find(EMBEDDINGS).orElseThrow(), updates, adapter));
    }
    return tensors;
  }

  private MergedTensor merged(
      String name, TensorEntry tensor, Map<String, LoraModule> updates, LoraAdapter adapter) {
    TensorEntry source = adapter.replacements().getOrDefault(name, tensor);
    Dtype dtype =
        source.dtype().isFloat() ? options.dtype().orElse(tensor.dtype()) : source.dtype();
    return new MergedTensor(name, source, dtype, Optional.ofNullable(updates.get(name)));
  }

  private static TensorEntry baseWeight(Checkpoint base, String name, boolean tied, String what) {
    Optional<TensorEntry> weight = base.find(name);
    if (weight.isPresent()) {
      return weight.get();
    }
    Optional<TensorEntry> embeddings = base.find(EMBEDDINGS);
    if (name.equals(LM_HEAD) && tied && embeddings.isPresent()) {
      return embeddings.get();
    }
    throw new TrainingException(
        "the adapter's "
            + what
            + " targets "
            + name
            + ", which the base model does not have (an adapter for another architecture?)");
  }

  private List<List<MergedTensor>> shard(List<MergedTensor> tensors) {
    List<List<MergedTensor>> shards = new ArrayList<>();
    List<MergedTensor> current = new ArrayList<>();
    long bytes = 0;
    for (MergedTensor tensor : tensors) {
      long size = tensor.layout().byteSize();
      if (!current.isEmpty() && bytes + size > options.maxShardBytes()) {
        shards.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(tensor);
      bytes += size;
    }
    shards.add(current);
    return shards;
  }

  private static String shardName(int index, int count) {
    return count == 1
        ? Checkpoint.SINGLE_FILE
        : String.format("model-%05d-of-%05d.safetensors", index + 1, count);
  }

  private void write(
      List<List<MergedTensor>> shards, Checkpoint base, LoraAdapter adapter, Path dir)
      throws IOException {
    long total = 0;
    for (List<MergedTensor> shard : shards) {
      for (MergedTensor tensor : shard) {
        total += tensor.layout().byteSize();
      }
    }
    Progress progress = Progress.of(log, "merge", total);
    ExecutorService workers = Executors.newFixedThreadPool(options.threads(), daemonThreads());
    try {
      for (int i = 0; i < shards.size(); i++) {
        List<MergedTensor> shard = shards.get(i);
        List<TensorLayout> layouts = shard.stream().map(MergedTensor::layout).toList();
        Map<String, String> metadata = Map.of("format", "pt");
        Path file = dir.resolve(shardName(i, shards.size()));
        long shardBytes = layouts.stream().mapToLong(TensorLayout::byteSize).sum();
        if (complete(file, SafetensorsWriter.header(layouts, metadata), shardBytes)) {
          log.println("merge: keeping " + file.getFileName() + " from the interrupted run");
          progress.skip(shardBytes);
          continue;
        }
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (SafetensorsWriter writer = SafetensorsWriter.create(temp, layouts, metadata)) {
          for (MergedTensor tensor : shard) {
            writeTensor(tensor, base, adapter, writer, workers, progress);
          }
        }
        AtomicFiles.publish(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      workers.shutdownNow();
    }
    progress.finish("wrote " + shards.size() + " shard(s)");
  }

  private static boolean complete(Path file, byte[] header, long dataBytes) throws IOException {
    if (!Files.isRegularFile(file) || Files.size(file) != header.length + dataBytes) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer existing = ByteBuffer.allocate(header.length);
      while (existing.hasRemaining() && channel.read(existing) >= 0) {
        // reads the header
      }
      return Arrays.equals(existing.array(), header);
    }
  }

  private void writeTensor(
      MergedTensor tensor,
      Checkpoint base,
      LoraAdapter adapter,
      SafetensorsWriter writer,
      ExecutorService workers,
      Progress progress)
      throws IOException {
    TensorEntry source = tensor.source();
    Checkpoint reader = adapter.replacements().containsValue(source) ? adapter.tensors() : base;
    writer.beginTensor(tensor.name());
    if (tensor.copiedAsIs()) {
      ByteBuffer buffer = ByteBuffer.allocate(1 << 22);
      for (long at = 0; at < source.byteSize(); at += buffer.capacity()) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), source.byteSize() - at));
        reader.readBytes(source, at, buffer);
        writer.put(buffer.flip());
        progress.advance(buffer.limit(), tensor.name());
      }
      writer.endTensor();
      return;
    }
    LowRankDelta delta =
        tensor.update().isPresent()
            ? LowRankDelta.of(tensor.update().get(), adapter.tensors())
            : null;
    long columns = source.columns();
    long rows = source.rows();
    int chunkRows = (int) Math.max(1, Math.min(rows, CHUNK_ELEMENTS / Math.max(1, columns)));
    double[] values = new double[(int) (chunkRows * columns)];
    ByteBuffer out =
        ByteBuffer.allocate(values.length * tensor.dtype().size()).order(ByteOrder.LITTLE_ENDIAN);
    for (long row = 0; row < rows; row += chunkRows) {
      int n = (int) Math.min(chunkRows, rows - row);
      int count = (int) (n * columns);
      reader.read(source, row * columns, values, 0, count);
      if (delta != null) {
        addInParallel(delta, values, row, n, (int) columns, workers);
      }
      out.clear();
      tensor.dtype().fromDoubles(values, 0, count, out);
      writer.put(out.flip());
      progress.advance(out.limit(), tensor.name());
    }
    writer.endTensor();
  }

  private void addInParallel(
      LowRankDelta delta,
      double[] values,
      long firstRow,
      int rows,
      int columns,
      ExecutorService workers) {
    int parts = Math.min(options.threads(), rows);
    List<Future<?>> futures = new ArrayList<>();
    for (int p = 0; p < parts; p++) {
      int from = rows * p / parts;
      int to = rows * (p + 1) / parts;
      futures.add(
          workers.submit(() -> delta.addTo(values, from * columns, firstRow + from, to - from)));
    }
    for (Future<?> future : futures) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TrainingException("merge interrupted", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("merge arithmetic failed", e.getCause());
      }
    }
  }

  private void finish(
      Path baseDir, Path dir, JsonNode config, List<List<MergedTensor>> shards, boolean untie)
      throws IOException {
    ObjectNode merged = (ObjectNode) config.deepCopy();
    if (untie) {
      merged.put("tie_word_embeddings", false);
    }
    options
        .dtype()
        .ifPresent(
            dtype ->
                merged.put(
                    "torch_dtype",
                    switch (dtype) {
                      case BF16 -> "bfloat16";
                      case F16 -> "float16";
                      case F64 -> "float64";
                      default -> "float32";
                    }));
    JsonFiles.mapper()
        .writerWithDefaultPrettyPrinter()
        .writeValue(dir.resolve(CONFIG).toFile(), merged);
    for (String name : COPIED) {
      Path file = baseDir.resolve(name);
      if (Files.isRegularFile(file)) {
        Files.copy(file, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (shards.size() > 1) {
      Map<String, String> weightMap = new TreeMap<>();
      long total = 0;
      for (int i = 0; i < shards.size(); i++) {
        for (MergedTensor tensor : shards.get(i)) {
          weightMap.put(tensor.name(), shardName(i, shards.size()));
          total += tensor.layout().byteSize();
        }
      }
      ObjectNode index = JsonFiles.mapper().createObjectNode();
      index.putObject("metadata").put("total_size", total);
      ObjectNode map = index.putObject("weight_map");
      weightMap.forEach(map::put);
      JsonFiles.mapper()
          .writerWithDefaultPrettyPrinter()
          .writeValue(dir.resolve(Checkpoint.INDEX_FILE).toFile(), index);
    }
  }

  private static ThreadFactory daemonThreads() {
    return Thread.ofPlatform().name("samovar-merge-", 0).daemon().factory();
  }
}
