package dev.samovar.training.gguf;

import dev.samovar.cli.Progress;
import dev.samovar.models.gguf.GgmlType;
import dev.samovar.models.gguf.GgufMetadata;
import dev.samovar.models.gguf.GgufWriter;
import dev.samovar.models.gguf.TensorSpec;
import dev.samovar.training.PartialOutput;
import dev.samovar.training.TrainingException;
import dev.samovar.training.hf.HfTokenizer;
import dev.samovar.training.hf.LlamaConfig;
import dev.samovar.training.hf.RopeScaling;
import dev.samovar.training.hf.Vocabulary;
import dev.samovar.training.safetensors.Checkpoint;
import dev.samovar.training.safetensors.TensorEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Exports a Hugging Face Llama checkpoint to a GGUF file that llama.cpp loads: metadata from
 * config.json, the tokenizer from tokenizer.json and tokenizer_config.json, every weight renamed, Q
 * and K rows permuted for llama.cpp's RoPE, {@code rope_freqs} for llama3 RoPE scaling, tied
 * embeddings without an output tensor, and the tensors encoded to the chosen type row chunk by row
 * chunk on several threads (an 8B model never sits in the heap).
 */
public final class GgufExporter {
  private static final int CHUNK_BYTES = 8 << 20;
  private static final String ROPE_FREQS = "rope_freqs.weight";

  private final PrintWriter log;
  private final int threads;

  public GgufExporter(PrintWriter log, int threads) {
    this.log = log;
    this.threads = threads;
  }

  /**
   * Exports {@code hfDir} to {@code out} as {@code type}; the file appears only when complete.
   *
   * @return bytes of source weights read per second
   */
  public double export(Path hfDir, Path out, ExportType type) throws IOException {
    PartialOutput output = PartialOutput.of(out);
    LlamaConfig config = LlamaConfig.read(hfDir);
    Vocabulary vocabulary = HfTokenizer.read(hfDir, config.vocabSize());
    try (Checkpoint checkpoint = Checkpoint.openDirectory(hfDir)) {
      boolean withOutput = checkpoint.find(LlamaTensors.LM_HEAD).isPresent();
      if (!withOutput && !config.tiedEmbeddings()) {
        throw new TrainingException(
            hfDir + " has no " + LlamaTensors.LM_HEAD + " and config.json does not tie embeddings");
      }
      List<ExportTensor> tensors = LlamaTensors.of(config, withOutput);
      List<TensorEntry> sources = match(checkpoint, tensors);
      List<TensorSpec> specs = new ArrayList<>();
      float[] ropeFreqs = null;
      if (config.ropeScaling() instanceof RopeScaling.Llama3 llama3) {
        ropeFreqs = llama3.frequencyDivisors(config.headDim(), config.ropeTheta());
        specs.add(TensorSpec.of(ROPE_FREQS, GgmlType.F32, ropeFreqs.length));
      }
      for (ExportTensor tensor : tensors) {
        specs.add(spec(tensor, type, config.layers()));
      }
      String name = hfDir.toAbsolutePath().normalize().getFileName().toString();
      GgufMetadata metadata = LlamaMetadata.of(name, type, config, vocabulary);
      long total = sources.stream().mapToLong(TensorEntry::byteSize).sum();
      Progress progress = Progress.of(log, "export-gguf", total);
      ExecutorService workers =
          Executors.newFixedThreadPool(
              threads, Thread.ofPlatform().name("samovar-export-", 0).daemon().factory());
      try (GgufWriter writer = GgufWriter.resume(output.part(), metadata, specs)) {
        int done = writer.tensorsWritten();
        if (done > 0) {
          log.println(
              "export-gguf: resuming "
                  + output.part().getFileName()
                  + ": "
                  + done
                  + " of "
                  + specs.size()
                  + " tensors are already written");
        }
        int first = 0;
        if (ropeFreqs != null) {
          if (done == 0) {
            writer.writeTensor(ROPE_FREQS, ropeFreqs);
          }
          first = 1;
        }
        RowEncoder encoder = new RowEncoder(workers, threads);
        for (int i = 0; i < tensors.size(); i++) {
          if (first + i < done) {
            progress.skip(sources.get(i).byteSize());
            continue;
          }
          TensorSpec spec = specs.get(first + i);
          write(checkpoint, sources.get(i), tensors.get(i), spec, writer, encoder, progress);
        }
      } catch (IOException | RuntimeException e) {
        output.discard(e);
        throw e;
      } finally {
        workers.shutdownNow();
      }
      output.commit();
      return progress.finish("wrote " + output.target().getFileName() + " (" + type.label() + ")");
    }
  }

  private static List<TensorEntry> match(Checkpoint checkpoint, List<ExportTensor> tensors) {
    Set<String> expected = new HashSet<>();
    List<TensorEntry> sources = new ArrayList<>();
    for (ExportTensor tensor : tensors) {
      expected.add(tensor.hfName());
      TensorEntry entry =
          checkpoint
              .find(tensor.hfName())
              .orElseThrow(
                  () -> new TrainingException("the checkpoint lacks tensor " + tensor.hfName()));
      if (!Arrays.equals(entry.shape(), tensor.hfShape())) {
        throw new TrainingException(
            "tensor "
                + tensor.hfName()
                + " is "
                + entry.shapeText()
                + ", but config.json makes it "
                + Arrays.toString(tensor.hfShape()));
      }
      if (!entry.dtype().isFloat()) {
        throw new TrainingException(
            "tensor " + tensor.hfName() + " has dtype " + entry.dtype() + ", not a float type");
      }
      sources.add(entry);
    }
    for (String name : checkpoint.names()) {
      if (!expected.contains(name) && !LlamaTensors.ignored(name)) {
        throw new TrainingException(
            "the checkpoint has tensor " + name + ", which a Llama model per config.json has not");
      }
    }
    return sources;
  }

  private static TensorSpec spec(ExportTensor tensor, ExportType type, int layers) {
    GgmlType ggml =
        tensor.vector() ? GgmlType.F32 : type.typeOf(tensor.ggufName(), tensor.layer(), layers);
    long rowLength = tensor.ne()[0];
    if (rowLength % ggml.blockSize() != 0) {
      throw new TrainingException(
          "tensor "
              + tensor.hfName()
              + " has rows of "
              + rowLength
              + " values, not a multiple of the "
              + ggml
              + " block of "
              + ggml.blockSize()
              + ", which --type "
              + type.label()
              + " needs for "
              + tensor.ggufName()
              + "; export as f32, f16 or bf16"
              + (rowLength % 32 == 0 ? ", q8_0 or q4_0" : ""));
    }
    return TensorSpec.of(tensor.ggufName(), ggml, tensor.ne());
  }

  private static void write(
      Checkpoint checkpoint,
      TensorEntry source,
      ExportTensor tensor,
      TensorSpec spec,
      GgufWriter writer,
      RowEncoder encoder,
      Progress progress)
      throws IOException {
    int columns = (int) source.columns();
    long rows = source.rows();
    int inRowBytes = columns * source.dtype().size();
    int align = Math.max(1, tensor.permuteHeads());
    int chunkRows = Math.max(1, CHUNK_BYTES / inRowBytes / align) * align;
    chunkRows = (int) Math.min(chunkRows, rows);
    ByteBuffer input = ByteBuffer.allocate(chunkRows * inRowBytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer output =
        ByteBuffer.allocate((int) (chunkRows * spec.type().byteSize(columns)))
            .order(ByteOrder.LITTLE_ENDIAN);
    writer.beginTensor(spec.name());
    for (long row = 0; row < rows; row += chunkRows) {
      int n = (int) Math.min(chunkRows, rows - row);
      input.clear().limit(n * inRowBytes);
      checkpoint.readBytes(source, row * inRowBytes, input);
      input.flip();
      output.clear();
      encoder.encode(
          tensor.hfName(),
          source.dtype(),
          input,
          row,
          n,
          columns,
          tensor.permuteHeads(),
          spec.type(),
          output);
      writer.putBytes(output);
      progress.advance((long) n * inRowBytes, tensor.ggufName());
    }
    writer.endTensor();
  }
}
