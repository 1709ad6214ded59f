package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeLogLinesTest {
  private final NativeLogLines lines = new NativeLogLines();

  @Test
  void joinsChunksUntilTheNewline() {
    assertThat(lines.accept(LlamaLibrary.LOG_INFO, "loading ")).isEmpty();
    assertThat(lines.accept(LlamaLibrary.LOG_CONTINUE, "model")).isEmpty();
    assertThat(lines.accept(LlamaLibrary.LOG_CONTINUE, "...\nnext"))
        .containsExactly(new NativeLogLines.Line(LlamaLibrary.LOG_INFO, "loading model..."));
    assertThat(lines.accept(LlamaLibrary.LOG_INFO, " line\n"))
        .containsExactly(new NativeLogLines.Line(LlamaLibrary.LOG_INFO, "next line"));
  }

  @Test
  void splitsSeveralLinesInOneChunk() {
    assertThat(lines.accept(LlamaLibrary.LOG_WARN, "a\nb\n\nc\n"))
        .containsExactly(
            new NativeLogLines.Line(LlamaLibrary.LOG_WARN, "a"),
            new NativeLogLines.Line(LlamaLibrary.LOG_WARN, "b"),
            new NativeLogLines.Line(LlamaLibrary.LOG_WARN, "c"));
  }

  @Test
  void aNewLevelEndsTheUnfinishedLine() {
    lines.accept(LlamaLibrary.LOG_INFO, "progress");
    assertThat(lines.accept(LlamaLibrary.LOG_ERROR, "failed\n"))
        .containsExactly(
            new NativeLogLines.Line(LlamaLibrary.LOG_INFO, "progress"),
            new NativeLogLines.Line(LlamaLibrary.LOG_ERROR, "failed"));
  }
}
