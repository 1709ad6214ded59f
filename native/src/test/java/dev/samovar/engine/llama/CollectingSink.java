package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.EngineException;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.GenerationSink;
import dev.samovar.engine.TextDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Records a generation's deltas and checks the sink contract as it goes. */
class CollectingSink implements GenerationSink {
  private final List<TextDelta> deltas = new ArrayList<>();
  private final List<String> threads = new ArrayList<>();
  private final CompletableFuture<GenerationResult> result = new CompletableFuture<>();
  private final List<String> violations = new ArrayList<>();

  @Override
  public synchronized void onDelta(TextDelta delta) {
    if (result.isDone()) {
      violations.add("delta after completion");
    }
    if (delta.text().indexOf('\uFFFD') >= 0) {
      violations.add("U+FFFD in delta " + delta.text());
    }
    threads.add(Thread.currentThread().getName());
    deltas.add(delta);
  }

  @Override
  public synchronized void onComplete(GenerationResult generationResult) {
    threads.add(Thread.currentThread().getName());
    if (!result.complete(generationResult)) {
      violations.add("completed twice");
    }
  }

  @Override
  public synchronized void onError(EngineException error) {
    threads.add(Thread.currentThread().getName());
    if (!result.completeExceptionally(error)) {
      violations.add("completed twice");
    }
  }

  /** Waits for the end; checks every delta was whole text, on the engine thread. */
  GenerationResult await() {
    try {
      GenerationResult done = result.get(60, TimeUnit.SECONDS);
      synchronized (this) {
        assertThat(violations).isEmpty();
        assertThat(threads).allMatch(name -> name.startsWith("samovar-engine-"));
      }
      return done;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException e) {
      throw new AssertionError("the generation failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("the generation did not complete within 60 s", e);
    }
  }

  CompletableFuture<GenerationResult> result() {
    return result;
  }

  synchronized String text() {
    StringBuilder text = new StringBuilder();
    deltas.forEach(delta -> text.append(delta.text()));
    return text.toString();
  }

  synchronized List<TextDelta> deltas() {
    return List.copyOf(deltas);
  }

  synchronized int[] tokens() {
    return deltas.stream().flatMapToInt(delta -> Arrays.stream(delta.tokens())).toArray();
  }
}
