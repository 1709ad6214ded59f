package dev.samovar.training.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.samovar.training.gguf.ExportTensor;
import dev.samovar.training.gguf.LlamaTensors;
import dev.samovar.training.hf.LlamaConfig;
import dev.samovar.training.tiny.TinyLlama;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The axolotl, accelerate and DeepSpeed configs of llama3-8b-ru-lora agree with each other. */
class Llama3RecipeTest {
  /** A record as {@code samovar train dataset generate --out} writes it. */
  private static final String GENERATED =
      """
      {"id": "tagengo-00042", "conversations": [\
      {"from": "human", "value": "Как заварить чай в самоваре?"},\
      {"from": "gpt", "value": "Налейте воду, разожгите самовар и заварите чай в чайнике."},\
      {"from": "human", "value": "А сколько ждать?"},\
      {"from": "gpt", "value": "Минут двадцать, пока вода не закипит."}],\
       "language": "Russian", "teacher": "gpt-4o"}""";

  private final JsonNode axolotl = Recipes.yaml(Recipes.LLAMA3.resolve("axolotl.yaml"));
  private final JsonNode accelerate = Recipes.yaml(Recipes.LLAMA3.resolve("accelerate.yaml"));

  Llama3RecipeTest() throws IOException {}

  @Test
  void trainsOneEpochOfLoraOnTheInstructBaseModel() {
    assertThat(axolotl.path("base_model").asText())
        .isEqualTo("meta-llama/Meta-Llama-3-8B-Instruct");
    assertThat(axolotl.path("adapter").asText()).isEqualTo("lora");
    assertThat(axolotl.path("num_epochs").asInt()).isEqualTo(1);
    assertThat(axolotl.path("sequence_len").asInt()).isEqualTo(8192);
    assertThat(axolotl.path("sample_packing").asBoolean()).isTrue();
    assertThat(axolotl.path("flash_attention").asBoolean()).isTrue();
    assertThat(axolotl.path("gradient_checkpointing").asBoolean()).isTrue();
    assertThat(axolotl.path("lora_r").asInt()).isEqualTo(32);
    assertThat(axolotl.path("lora_alpha").asInt()).isEqualTo(16);
    assertThat(axolotl.path("output_dir").asText()).isEqualTo("out/lora");
  }

  @Test
  void loraTargetsAreExactlyTheLinearProjectionsOfALlamaBlock() throws IOException {
    List<String> targets = new ArrayList<>();
    axolotl.path("lora_target_modules").forEach(t -> targets.add(t.asText()));
    assertThat(axolotl.has("lora_target_linear")).isFalse();
    assertThat(targets).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(targets)).isEqualTo(llamaBlockProjections());
  }

  /** The matrices of block 0 of a Llama model, by module name, as the GGUF export maps them. */
  private static Set<String> llamaBlockProjections() throws IOException {
    Path dir = Files.createTempDirectory("llama-config");
    try {
      TinyLlama.write(dir, TinyLlama.SHAPE, 1);
      Pattern module = Pattern.compile("model\\.layers\\.0\\.(self_attn|mlp)\\.(\\w+)\\.weight");
      Set<String> names = new TreeSet<>();
      for (ExportTensor tensor : LlamaTensors.of(LlamaConfig.read(dir), true)) {
        Matcher m = module.matcher(tensor.hfName());
        if (tensor.layer() == 0 && !tensor.vector()) {
          assertThat(m.matches()).as(tensor.hfName()).isTrue();
          assertThat(LlamaTensors.ggufName(tensor.hfName())).contains(tensor.ggufName());
          names.add(m.group(2));
        }
      }
      assertThat(names).hasSize(7);
      return names;
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      Files.delete(dir);
    }
  }

  @Test
  void bf16Everywhere() throws IOException {
    JsonNode deepspeed = Recipes.json(Recipes.LLAMA3.resolve("deepspeed-zero2.json"));
    assertThat(axolotl.path("bf16").asBoolean()).isTrue();
    assertThat(axolotl.path("fp16").asBoolean()).isFalse();
    assertThat(accelerate.path("mixed_precision").asText()).isEqualTo("bf16");
    assertThat(deepspeed.path("bf16").path("enabled").isBoolean()).isTrue();
    assertThat(deepspeed.path("bf16").path("enabled").asBoolean()).isTrue();
    assertThat(deepspeed.path("fp16").path("enabled").asBoolean()).isFalse();
  }

  @Test
  void twoProcessesOnOneMachineWithZero2FromTheCommittedFile() throws IOException {
    assertThat(accelerate.path("num_processes").asInt()).isEqualTo(2);
    assertThat(accelerate.path("num_machines").asInt()).isEqualTo(1);
    assertThat(accelerate.path("distributed_type").asText()).isEqualTo("DEEPSPEED");
    assertThat(accelerate.path("use_cpu").asBoolean()).isFalse();
    String fromAccelerate =
        accelerate.path("deepspeed_config").path("deepspeed_config_file").asText();
    String fromAxolotl = axolotl.path("deepspeed").asText();
    assertThat(fromAxolotl).isEqualTo(fromAccelerate).isEqualTo("deepspeed-zero2.json");
    assertThat(Recipes.LLAMA3.resolve(fromAxolotl)).isRegularFile();
    JsonNode deepspeed = Recipes.json(Recipes.LLAMA3.resolve(fromAxolotl));
    assertThat(deepspeed.path("zero_optimization").path("stage").asInt()).isEqualTo(2);
    for (String filled :
        List.of(
            "train_batch_size",
            "train_micro_batch_size_per_gpu",
            "gradient_accumulation_steps",
            "gradient_clipping")) {
      assertThat(deepspeed.path(filled).asText()).as(filled).isEqualTo("auto");
    }
    // run.sh copies the three configs side by side into the run folder, where the paths resolve.
    String runSh = Files.readString(Recipes.LLAMA3.resolve("run.sh"), StandardCharsets.UTF_8);
    assertThat(runSh)
        .contains("for config in axolotl.yaml accelerate.yaml deepspeed-zero2.json; do")
        .contains("launch --config_file accelerate.yaml -m axolotl.cli.train axolotl.yaml");
  }

  @Test
  void theDatasetEntryReadsWhatDatasetGenerateWrites() throws IOException {
    JsonNode datasets = axolotl.path("datasets");
    assertThat(datasets.size()).isEqualTo(1);
    JsonNode dataset = datasets.get(0);
    assertThat(dataset.path("path").asText()).isEqualTo("data/tagengo-ru-gpt4o.jsonl");
    String runSh = Files.readString(Recipes.LLAMA3.resolve("run.sh"), StandardCharsets.UTF_8);
    assertThat(runSh).contains("DATA=" + dataset.path("path").asText() + "\n");
    assertThat(dataset.path("ds_type").asText()).isEqualTo("json");
    assertThat(dataset.path("type").asText()).isEqualTo("chat_template");
    assertThat(dataset.path("chat_template").asText()).isEqualTo("tokenizer_default");
    assertThat(dataset.path("roles_to_train")).hasSize(1);
    assertThat(dataset.path("roles_to_train").get(0).asText()).isEqualTo("assistant");
    assertThat(dataset.path("train_on_eos").asText()).isEqualTo("turn");

    JsonNode record = new ObjectMapper().readTree(GENERATED);
    JsonNode turns = record.path(dataset.path("field_messages").asText());
    assertThat(turns.isArray()).isTrue();
    assertThat(turns).hasSize(4);
    JsonNode mappings = dataset.path("message_property_mappings");
    assertThat(mappings.properties()).hasSize(2);
    String roleField = mappings.path("role").asText();
    String contentField = mappings.path("content").asText();
    List<String> roles = new ArrayList<>();
    for (JsonNode turn : turns) {
      assertThat(turn.path(contentField).isTextual()).isTrue();
      roles.add(role(dataset.path("roles"), turn.path(roleField).asText()));
    }
    assertThat(roles).containsExactly("user", "assistant", "user", "assistant");
  }

  /** The chat-template role that axolotl's {@code roles} mapping gives {@code source}. */
  private static String role(JsonNode roles, String source) {
    List<String> targets = new ArrayList<>();
    for (Map.Entry<String, JsonNode> entry : roles.properties()) {
      entry
          .getValue()
          .forEach(
              s -> {
                if (s.asText().equals(source)) {
                  targets.add(entry.getKey());
                }
              });
    }
    assertThat(targets).as("roles mapping of '%s'", source).hasSize(1);
    return targets.getFirst();
  }

  @Test
  void thePinnedAxolotlVersionIsTheOneTheDocumentsName() throws IOException {
    String requirements =
        Files.readString(Recipes.LLAMA3.resolve("requirements.txt"), StandardCharsets.UTF_8);
    Matcher pin = Pattern.compile("(?m)^axolotl\\[[a-z,-]+\\]==([0-9.]+)$").matcher(requirements);
    assertThat(pin.find()).as(requirements).isTrue();
    String version = pin.group(1);
    assertThat(Files.readString(Recipes.LLAMA3.resolve("axolotl.yaml"), StandardCharsets.UTF_8))
        .contains("Pinned to axolotl " + version + " ");
    assertThat(Files.readString(Recipes.LLAMA3.resolve("README.md"), StandardCharsets.UTF_8))
        .contains("axolotl " + version);
  }
}
