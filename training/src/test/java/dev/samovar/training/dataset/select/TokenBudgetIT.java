package dev.samovar.training.dataset.select;

import static dev.samovar.training.dataset.select.TagengoRows.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.llama.LlamaTokenizer;
import dev.samovar.models.testdata.TestData;
import dev.samovar.training.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token budget counted by llama.cpp with the real Llama-3 vocabulary (vocab-only GGUF). */
class TokenBudgetIT {
  @TempDir Path dir;

  @Test
  void theTokenizerCountsLikeLlama3() {
    LlamaTokenizer tokenizer = LlamaTokenizer.load(TestData.llama3Vocab());
    try (tokenizer) {
      assertThat(tokenizer.tokenize("Hello world", false, false)).containsExactly(9906, 1917);
      assertThat(tokenizer.tokenize("Hello world", true, false))
          .containsExactly(128000, 9906, 1917);
      assertThat(tokenizer.tokenize("<|eot_id|>", false, true)).containsExactly(128009);
      assertThat(tokenizer.tokenize("Hello world again", false, false)).hasSize(3);
    }
    assertThatThrownBy(() -> tokenizer.tokenize("x", false, false))
        .isInstanceOf(EngineException.class)
        .hasMessage("the tokenizer is closed");
  }

  @Test
  void promptsOverTheTokenBudgetAreDropped() throws Exception {
    Path input =
        TagengoRows.jsonl(
            dir.resolve("rows.jsonl"),
            List.of(
                row("a", "English", "en", "Hello world"),
                row("b", "English", "en", "Hello world again"),
                row("c", "English", "en", "Hello", "world"),
                row("d", "English", "en", "Hello world", "again")));
    Path out = dir.resolve("prompts.jsonl");
    Cli run =
        Cli.run(
            "train",
            "dataset",
            "select",
            "--input",
            input.toString(),
            "--lang",
            "en=all",
            "--max-tokens",
            "2",
            "--tokenizer",
            TestData.llama3Vocab().toString(),
            "--out",
            out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "seed 0, at most 2 tokens of llama3-vocab.gguf a prompt",
            "en    English             4         0      0        2          0         2    all        2");
    assertThat(Files.readString(out))
        .isEqualTo(
            """
            {"id":"a","language":"English","lang":"en","turns":["Hello world"]}
            {"id":"c","language":"English","lang":"en","turns":["Hello","world"]}
            """);
  }
}
