package dev.samovar.server.http;

import dev.samovar.server.api.ChatCompletionFormat;
import dev.samovar.server.api.CompletionFormat;
import dev.samovar.server.api.tools.ToolSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * One streamed token's chunk: the chat format's delta chunk encoded as a server-sent event, as the
 * streaming path makes it without log-probabilities (from the template) and with them (the chunk's
 * JSON tree serialized; here without tokens, to compare the two ways on the same bytes).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SseChunkBenchmark {
  private final CompletionFormat format =
      new ChatCompletionFormat(
          "chatcmpl-6f1c2b7e-93a4-4c59-b8a2-0d7e5f9a1c3d",
          1_764_300_000L,
          "ru-llama3-8b:Q4_K_M",
          true,
          false,
          ToolSet.NONE);

  private final DeltaEvents deltas = new DeltaEvents(format);

  /** A delta chunk of one Cyrillic word, from the template to the bytes written. */
  @Benchmark
  public byte[] deltaChunk() throws Exception {
    return deltas.event(0, " самовар");
  }

  /** The same chunk built as a JSON tree and serialized. */
  @Benchmark
  public byte[] deltaChunkTree() throws Exception {
    return SseEvents.data(format.delta(0, " самовар", List.of()));
  }
}
