package dev.samovar.training.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.training.TrainingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** adapter_config.json: defaults, patterns (PEFT's "(.*\.)?KEY$", first match), refusals. */
class AdapterConfigTest {
  @TempDir Path dir;

  private AdapterConfig read(String json) throws IOException {
    Files.writeString(dir.resolve(AdapterConfig.FILE), json);
    return AdapterConfig.read(dir);
  }

  @Test
  void defaultsArePeftsRankAndAlphaOfEight() throws IOException {
    AdapterConfig config = read("{\"peft_type\":\"LORA\"}");
    assertThat(config.rank()).isEqualTo(8);
    assertThat(config.alpha()).isEqualTo(8);
    assertThat(config.scaleOf("model.layers.0.self_attn.q_proj", 8)).isEqualTo(1);
    assertThat(config.targets("anything")).isTrue();
  }

  @Test
  void patternsMatchWholeNameComponentsAndTheFirstMatchWins() throws IOException {
    AdapterConfig config =
        read(
            "{\"peft_type\":\"LORA\",\"r\":16,\"lora_alpha\":32,\"rank_pattern\":{"
                + "\"model.layers.1.self_attn.q_proj\":2,\"q_proj\":4,\"proj\":7},"
                + "\"alpha_pattern\":{\"layers\\\\.[0-3]\\\\.mlp\\\\.down_proj\":5}}");
    assertThat(config.rankOf("model.layers.0.self_attn.q_proj")).isEqualTo(4);
    assertThat(config.rankOf("model.layers.1.self_attn.q_proj")).isEqualTo(2);
    assertThat(config.rankOf("model.layers.1.self_attn.k_proj"))
        .as("'proj' is no suffix of a component")
        .isEqualTo(16);
    assertThat(config.alphaOf("model.layers.2.mlp.down_proj")).isEqualTo(5);
    assertThat(config.alphaOf("model.layers.12.mlp.down_proj")).isEqualTo(32);
    assertThat(config.scaleOf("model.layers.2.mlp.down_proj", 16)).isEqualTo(5 / 16.0);
    assertThat(config.hasAlphaPattern()).isTrue();
  }

  @Test
  void rsLoraScalesBySquareRootOfTheRank() throws IOException {
    AdapterConfig config =
        read("{\"peft_type\":\"LORA\",\"r\":16,\"lora_alpha\":32,\"use_rslora\":true}");
    assertThat(config.scaleOf("m", 16)).isEqualTo(8);
    assertThat(config.scaleOf("m", 4)).isEqualTo(16);
  }

  @Test
  void targetModulesAreSuffixesARegexOrAllLinear() throws IOException {
    AdapterConfig list =
        read("{\"peft_type\":\"LORA\",\"target_modules\":[\"q_proj\",\"lm_head\"]}");
    assertThat(list.targets("model.layers.3.self_attn.q_proj")).isTrue();
    assertThat(list.targets("lm_head")).isTrue();
    assertThat(list.targets("model.layers.3.self_attn.qq_proj")).isFalse();
    AdapterConfig regex = read("{\"peft_type\":\"LORA\",\"target_modules\":\".*\\\\.(q|v)_proj\"}");
    assertThat(regex.targets("model.layers.0.self_attn.v_proj")).isTrue();
    assertThat(regex.targets("model.layers.0.self_attn.k_proj")).isFalse();
    AdapterConfig all = read("{\"peft_type\":\"LORA\",\"target_modules\":\"all-linear\"}");
    assertThat(all.targets("model.layers.0.mlp.up_proj")).isTrue();
    assertThat(all.targets("lm_head")).isFalse();
  }

  @Test
  void optionsThatCannotBeMergedOrExportedAreRefused() throws IOException {
    String[][] cases = {
      {"\"peft_type\":\"IA3\"", "peft_type is IA3; samovar handles LORA only"},
      {
        "\"peft_type\":\"LORA\",\"use_dora\":true",
        "use_dora is true; DoRA adapters are not supported"
      },
      {
        "\"peft_type\":\"LORA\",\"lora_bias\":true",
        "lora_bias is true; LoRA biases are not supported"
      },
      {
        "\"peft_type\":\"LORA\",\"fan_in_fan_out\":true",
        "fan_in_fan_out is true; fan_in_fan_out (Conv1D-style) weights are not supported"
      },
      {
        "\"peft_type\":\"LORA\",\"trainable_token_indices\":[1,2]",
        "trainable_token_indices is [1,2]; trainable token indices are not supported"
      },
      {
        "\"peft_type\":\"LORA\",\"bias\":\"all\"",
        "bias 'all' trains biases, which Llama does not have; use 'none'"
      },
      {"\"peft_type\":\"LORA\",\"r\":0", "r is 0, not a positive rank"},
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> read("{" + c[0] + "}"))
          .as(c[0])
          .isInstanceOf(TrainingException.class)
          .hasMessage(dir.resolve(AdapterConfig.FILE) + ": " + c[1]);
    }
    assertThat(
            read("{\"peft_type\":\"LORA\",\"use_dora\":false,\"trainable_token_indices\":null}")
                .rank())
        .isEqualTo(8);
  }
}
