package dev.samovar.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Server-sent event lines to a timeline: what counts as content, usage, errors and ends. */
class ChunkStreamTest {
  @Test
  void keepsTheArrivalOfContentChunksOnlyAndEndsAtTheLastChunk() {
    ChunkStream stream = new ChunkStream(1_000);
    assertThat(stream.line(": keep-alive", 1_500)).isFalse();
    assertThat(
            stream.line(
                "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}",
                2_000))
        .isFalse();
    assertThat(stream.line("", 2_000)).isFalse();
    assertThat(stream.line("data: " + StreamingServer.content("Да"), 3_000)).isFalse();
    assertThat(stream.line("event: message", 3_500)).isFalse();
    assertThat(stream.line("data:" + StreamingServer.content(" это"), 5_000)).isFalse();
    assertThat(stream.line("data: " + StreamingServer.finish(), 6_000)).isFalse();
    assertThat(stream.line("data: " + StreamingServer.usage(12, 2), 7_000)).isFalse();
    assertThat(stream.line("data: [DONE]", 9_000)).isTrue();

    Outcome.Completed done = (Outcome.Completed) stream.outcome();
    assertThat(done.contentNanos()).containsExactly(3_000, 5_000);
    assertThat(done.endNanos()).isEqualTo(7_000);
    assertThat(done.inputTokens()).hasValue(12);
    assertThat(done.outputTokens()).isEqualTo(2);
    assertThat(done.counted()).isTrue();
  }

  @Test
  void withoutUsageTheOutputIsTheNumberOfContentChunks() {
    ChunkStream stream = new ChunkStream(0);
    for (int i = 1; i <= 100; i++) {
      stream.line("data: " + StreamingServer.content("x"), i);
    }
    stream.line("data: [DONE]", 200);

    Outcome.Completed done = (Outcome.Completed) stream.outcome();
    assertThat(done.outputTokens()).isEqualTo(100);
    assertThat(done.counted()).isFalse();
    assertThat(done.inputTokens()).isEmpty();
    assertThat(done.endNanos()).isEqualTo(100);
  }

  @Test
  void failuresEndTheStream() {
    ChunkStream error = new ChunkStream(0);
    assertThat(error.line("data: {\"error\":{\"message\":\"out of\\nmemory\"}}", 1)).isTrue();
    assertThat(error.outcome())
        .isEqualTo(new Outcome.Failed("error event", "the stream sent an error: out of memory"));

    ChunkStream garbage = new ChunkStream(0);
    assertThat(garbage.line("data: {not json", 1)).isTrue();
    assertThat(garbage.outcome())
        .isEqualTo(new Outcome.Failed("bad chunk", "a chunk is not JSON: {not json"));

    ChunkStream broken = new ChunkStream(0);
    broken.line("data: " + StreamingServer.content("a"), 1);
    broken.line("data: " + StreamingServer.content("b"), 2);
    assertThat(broken.outcome())
        .isEqualTo(
            new Outcome.Failed(
                "broken stream", "the stream ended before data: [DONE] after 2 content chunks"));

    ChunkStream empty = new ChunkStream(0);
    empty.line("data: " + StreamingServer.finish(), 1);
    empty.line("data: [DONE]", 2);
    assertThat(empty.outcome())
        .isEqualTo(new Outcome.Failed("no content", "the stream ended without any text"));
  }
}
