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
 * Collects every choice of a run into one JSON body. The client's departure cannot be seen here
 * (the server does not read the connection while it generates), so the run ends at its own stop,
 * limit or deadline.
 */
final class JsonResponse {
  private static final Duration WAIT = Duration.ofMinutes(1);

  private JsonResponse() {}

  /**
   * The body of the finished run.
   *
   * @throws dev.samovar.engine.EngineException when a choice fails (the others are cancelled)
   * @throws dev.samovar.server.error.RequestTimeoutException when no choice generated a token
   *     before the deadline
   */
  static Object collect(GenerationRun run, CompletionFormat format) throws InterruptedException {
    int choices = run.choices();
    List<List<TextDelta>> deltas = new ArrayList<>(choices);
    for (int i = 0; i < choices; i++) {
      deltas.add(new ArrayList<>());
    }
    GenerationResult[] results = new GenerationResult[choices];
    int finished = 0;
    try {
      while (finished < choices) {
        switch (run.next(WAIT)) {
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
    if (Arrays.stream(results).allMatch(run::timedOutEmpty)) {
      throw run.timeoutError();
    }
    List<ChoiceOutput> outputs = new ArrayList<>(choices);
    for (int i = 0; i < choices; i++) {
      outputs.add(new ChoiceOutput(i, deltas.get(i), run.finishReason(results[i])));
    }
    return format.body(outputs, Usage.of(Arrays.asList(results)));
  }
}
