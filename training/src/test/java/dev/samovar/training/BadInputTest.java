package dev.samovar.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.training.tiny.TinyLlama;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs end every command with exit code 1 (2 for wrong usage), one line on stderr naming the
 * problem, and no output (final or partial) left behind.
 */
class BadInputTest {
  @TempDir Path dir;
  private TinyCheckpoint base;

  @BeforeEach
  void checkpoint() throws IOException {
    base = TinyCheckpoint.write(dir.resolve("base"));
  }

  private void assertFails(Cli cli, int code, String line) throws IOException {
    assertThat(cli.exitCode()).as(cli.out() + cli.err()).isEqualTo(code);
    assertThat(cli.errLines()).containsExactly(line);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("nothing written")
          .allMatch(name -> List.of("base", "adapter", "other", "bad").contains(name));
    }
  }

  private Cli merge(String adapter) {
    return Cli.run(
        "train",
        "merge",
        "--base",
        dir.resolve("base").toString(),
        "--adapter",
        dir.resolve(adapter).toString(),
        "--out",
        dir.resolve("out").toString());
  }

  private Cli export(String type) {
    return Cli.run(
        "train",
        "export-gguf",
        "--hf",
        dir.resolve("base").toString(),
        "--out",
        dir.resolve("out.gguf").toString(),
        "--type",
        type);
  }

  @Test
  void missingFiles() throws IOException {
    assertFails(
        merge("nowhere"),
        1,
        "samovar train merge: adapter directory not found: " + dir.resolve("nowhere"));
    Files.delete(dir.resolve("base/tokenizer.json"));
    assertFails(
        export("f32"),
        1,
        "samovar train export-gguf: file not found: " + dir.resolve("base/tokenizer.json"));
    Files.delete(dir.resolve("base/model-00002-of-00002.safetensors"));
    TinyAdapter.write(dir.resolve("adapter"), base);
    assertFails(
        merge("adapter"),
        1,
        "samovar train merge: shard named in model.safetensors.index.json not found: "
            + dir.resolve("base/model-00002-of-00002.safetensors"));
  }

  @Test
  void shapeMismatches() throws IOException {
    TinyCheckpoint other =
        TinyCheckpoint.write(
            dir.resolve("other"), new TinyLlama.Shape(512, 128, 256, 2, 2, 1, false), 7);
    TinyAdapter.write(dir.resolve("adapter"), other);
    assertFails(
        merge("adapter"),
        1,
        "samovar train merge: adapter module model.layers.0.self_attn.q_proj updates a [128, 128]"
            + " weight (A [8, 128], B [128, 8]), but the base weight"
            + " model.layers.0.self_attn.q_proj.weight is [256, 256]");

    String config = Files.readString(dir.resolve("base/config.json"));
    Files.writeString(
        dir.resolve("base/config.json"),
        config.replace("\"intermediate_size\" : 512", "\"intermediate_size\" : 768"));
    assertFails(
        export("f32"),
        1,
        "samovar train export-gguf: tensor model.layers.0.mlp.gate_proj.weight is [512, 256], but"
            + " config.json makes it [768, 256]");
  }

  @Test
  void unknownDtypes() throws IOException {
    assertFails(
        Cli.run("train", "merge", "--base", "b", "--adapter", "a", "--out", "o", "--dtype", "q7"),
        2,
        "samovar train merge: Invalid value for option '--dtype': unknown dtype 'q7' (bf16, f16"
            + " or f32) (see --help)");
    assertFails(
        export("q5_k"),
        2,
        "samovar train export-gguf: Invalid value for option '--type': unknown type 'q5_k' (one"
            + " of f32, f16, bf16, q8_0, q4_0, q4_k_m) (see --help)");
    Path shard = dir.resolve("base/model-00001-of-00002.safetensors");
    byte[] bytes = Files.readAllBytes(shard);
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    Files.write(
        shard, text.replaceFirst("\"BF16\"", "\"BF17\"").getBytes(StandardCharsets.ISO_8859_1));
    assertFails(
        export("f32"),
        1,
        "samovar train export-gguf: safetensors file "
            + shard
            + " gives tensor 'model.embed_tokens.weight' the unknown dtype 'BF17'");
  }

  @Test
  void truncatedSafetensors() throws IOException {
    Path shard = dir.resolve("base/model-00002-of-00002.safetensors");
    long size = Files.size(shard);
    try (FileChannel channel = FileChannel.open(shard, StandardOpenOption.WRITE)) {
      channel.truncate(size - 1000);
    }
    assertFails(
        export("q8_0"),
        1,
        "samovar train export-gguf: safetensors file "
            + shard
            + " is truncated: its tensors need "
            + (size - 8 - headerLength(shard))
            + " bytes of data, the file has "
            + (size - 1000 - 8 - headerLength(shard)));
  }

  private static long headerLength(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      channel.read(length, 0);
      return length.flip().getLong();
    }
  }

  @Test
  void anAdapterForAnotherArchitecture() throws IOException {
    TinyAdapter adapter =
        TinyAdapter.write(
            dir.resolve("adapter"),
            base,
            List.of("model.layers.0.self_attn.q_proj"),
            Map.of(),
            8,
            16,
            2,
            c -> c.putArray("target_modules").add("c_attn"));
    adapter.renameTensors(
        dir.resolve("adapter"),
        name -> name.replace("model.layers.0.self_attn.q_proj", "transformer.h.0.attn.c_attn"));
    assertFails(
        merge("adapter"),
        1,
        "samovar train merge: the adapter's LoRA module transformer.h.0.attn.c_attn targets"
            + " transformer.h.0.attn.c_attn.weight, which the base model does not have (an adapter"
            + " for another architecture?)");
  }

  @Test
  void unsupportedAdapterOptions() throws IOException {
    TinyAdapter.write(
        dir.resolve("adapter"),
        base,
        List.of("model.layers.0.self_attn.q_proj"),
        Map.of(),
        8,
        16,
        2,
        c -> c.put("use_dora", true));
    assertFails(
        merge("adapter"),
        1,
        "samovar train merge: "
            + dir.resolve("adapter/adapter_config.json")
            + ": use_dora is true; DoRA adapters are not supported");
  }

  @Test
  void rowsThatAreNoWholeNumberOfBlocksAreRefused() throws IOException {
    TinyCheckpoint.write(dir.resolve("base"), new TinyLlama.Shape(512, 96, 128, 1, 1, 1, false), 3);
    assertFails(
        export("q4_k_m"),
        1,
        "samovar train export-gguf: tensor model.embed_tokens.weight has rows of 96 values, not a"
            + " multiple of the Q4_K block of 256, which --type q4_k_m needs for token_embd.weight;"
            + " export as f32, f16 or bf16, q8_0 or q4_0");
  }

  @Test
  void existingOutputsAreNotOverwritten() throws IOException {
    Path out = dir.resolve("bad");
    Files.writeString(out, "keep me");
    Cli cli =
        Cli.run(
            "train",
            "export-gguf",
            "--hf",
            dir.resolve("base").toString(),
            "--out",
            out.toString(),
            "--type",
            "f32");
    assertFails(
        cli,
        1,
        "samovar train export-gguf: output " + out + " exists; remove it or choose another name");
    assertThat(Files.readString(out)).isEqualTo("keep me");
  }
}
