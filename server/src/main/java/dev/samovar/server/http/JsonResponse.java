package dev.samovar.server.http;

import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.TextDelta;
import dev.samovar.server.api.ChoiceOutput;
import dev.samovar.server.api.CompletionFormat;
import dev.samovar.server.api.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Collects every choice of a run into one JSON body. The client's connection is asked every {@link
 * #PROBE} whether it is still open; a client that left gets its choices cancelled.
 */
final class JsonResponse {
  static final Duration PROBE = Duration.ofMillis(250);

  /** The client closed its connection before the answer; its choices were cancelled. */
  static final class ClientLeftException extends RuntimeException {
    ClientLeftException() {
      super("the client closed the connection before the answer", null, false, false);
    }
  }

  private JsonResponse() {}

  /**
   * The body of the finished run.
   *
   * @throws dev.samovar.engine.EngineException when a choice fails (the others are cancelled)
   * @throws dev.samovar.server.error.RequestTimeoutException when no choice generated a token
   *     before the deadline
   * @throws ClientLeftException when the client left (the choices ran to their cancellation)
   */
  static Object collect(GenerationRun run, CompletionFormat format, ClientConnection client)
      throws InterruptedException {
    int choices = run.choices();
    List<List<TextDelta>> deltas = new ArrayList<>(choices);
    for (int i = 0; i < choices; i++) {
      deltas.add(new ArrayList<>());
    }
    GenerationResult[] results = new GenerationResult[choices];
    int finished = 0;
    boolean left = false;
    long probed = System.nanoTime();
    try {
      while (finished < choices) {
        if (!left && System.nanoTime() - probed >= PROBE.toNanos()) {
          probed = System.nanoTime();
          if (client.gone()) {
            left = true;
            run.cancel();
          }
        }
        switch (run.next(PROBE)) {
          case null -> {
            // still generating
          }
          case GenerationRun.Delta delta -> deltas.get(delta.index()).add(delta.delta());
          case GenerationRun.Completed completed -> {
            results[completed.index()] = completed.result();
            finished++;
          }
          case GenerationRun.Failed failed -> throw failed.error();
        }
      }
    } finally {
      if (finished < choices) {
        run.cancel();
      }
    }
    if (left) {
      throw new ClientLeftException();
    }
    if (Arrays.stream(results).allMatch(run::timedOutEmpty)) {
      throw run.timeoutError();
    }
    List<ChoiceOutput> outputs = new ArrayList<>(choices);
    for (int i = 0; i < choices; i++) {
      outputs.add(
          new ChoiceOutput(
              i, deltas.get(i), run.finishReason(results[i]), results[i].stopSequence()));
    }
    return format.body(outputs, Usage.of(Arrays.asList(results)));
  }
}
