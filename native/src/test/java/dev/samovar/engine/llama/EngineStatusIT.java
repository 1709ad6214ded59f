package dev.samovar.engine.llama;

import static dev.samovar.engine.EngineStatus.State.GENERATING;
import static dev.samovar.engine.EngineStatus.State.IDLE;
import static dev.samovar.engine.EngineStatus.State.PROMPT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineStatus;
import dev.samovar.engine.FinishReason;
import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationResult;
import dev.samovar.engine.InferenceEngine;
import dev.samovar.engine.Prompt;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's status snapshot, step by step, on one sequence of 256 tokens. */
class EngineStatusIT {
  @TempDir static Path dir;

  @Test
  void anIdleEngineHasIdleEmptySlotsAndNoQueue() {
    try (InferenceEngine engine = TinyEngines.load(dir, 256, 2)) {
      assertThat(engine.status())
          .isEqualTo(
              new EngineStatus(
                  List.of(
                      new EngineStatus.Slot(0, IDLE, 0, null),
                      new EngineStatus.Slot(1, IDLE, 0, null)),
                  0));
    }
  }

  @Test
  void followsTheRunningGenerationItsCacheAndTheQueueStepByStep() throws Exception {
    try (InferenceEngine engine = TinyEngines.load(dir, 256, 1)) {
      Prompt a = chat(engine, "Говори долго.");
      Prompt b = chat(engine, "Говори долго, пожалуйста.");
      int aTokens = engine.tokenize(a.text(), false, true).length;
      int bTokens = engine.tokenize(b.text(), false, true).length;

      GatedSink first = new GatedSink(engine::status);
      GenerationHandle firstHandle = engine.submit(request(a, "req-a", null), first);
      first.awaitDelta();
      assertThat(engine.status()).isEqualTo(status(PROMPT, 0, "req-a", 0));

      GatedSink second = new GatedSink(engine::status);
      second.open();
      engine.submit(request(b, "req-b", 5), second);
      GatedSink third = new GatedSink(engine::status);
      GenerationHandle thirdHandle = engine.submit(request(b, "req-c", 5), third);
      first.proceed();
      first.awaitDelta();
      assertThat(engine.status()).isEqualTo(status(GENERATING, aTokens, "req-a", 2));

      thirdHandle.cancel();
      first.proceed();
      first.awaitDelta();
      assertThat(engine.status()).isEqualTo(status(GENERATING, aTokens + 1, "req-a", 1));
      assertThat(third.await().finishReason()).isEqualTo(FinishReason.CANCELLED);
      assertThat(third.statusAtCompletion())
          .as("published before the sink heard of the cancellation")
          .isEqualTo(status(GENERATING, aTokens + 1, "req-a", 1));

      firstHandle.cancel();
      first.open();
      GenerationResult cancelled = first.await();
      assertThat(cancelled.finishReason()).isEqualTo(FinishReason.CANCELLED);
      assertThat(cancelled.completionTokens()).isEqualTo(3);
      assertThat(first.statusAtCompletion()).isEqualTo(status(IDLE, 0, null, 1));

      GenerationResult next = second.await();
      assertThat(next.cachedPromptTokens())
          .as("a cancelled generation leaves nothing cached, though the prompts share a prefix")
          .isZero();
      assertThat(next.completionTokens()).isEqualTo(5);
      assertThat(second.statusAtCompletion())
          .as("the prompt and every sampled token but the last stay cached")
          .isEqualTo(status(IDLE, bTokens + 4, null, 0));
    }
  }

  @Test
  void snapshotsReadFromAnotherThreadAreAlwaysConsistent() throws Exception {
    try (InferenceEngine engine = TinyEngines.load(dir, 256, 3)) {
      AtomicBoolean running = new AtomicBoolean(true);
      List<String> problems = new ArrayList<>();
      Set<EngineStatus.State> seen = EnumSet.noneOf(EngineStatus.State.class);
      Thread reader =
          Thread.ofPlatform()
              .start(
                  () -> {
                    while (running.get()) {
                      EngineStatus status = engine.status();
                      check(status, problems);
                      status.slots().forEach(slot -> seen.add(slot.state()));
                    }
                  });
      List<CollectingSink> sinks = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        CollectingSink sink = new CollectingSink();
        engine.submit(request(chat(engine, "Вопрос номер " + i), "req-" + i, 30), sink);
        sinks.add(sink);
      }
      sinks.forEach(CollectingSink::await);
      running.set(false);
      reader.join();
      assertThat(problems).isEmpty();
      assertThat(seen).contains(GENERATING);
    }
  }

  private static void check(EngineStatus status, List<String> problems) {
    if (status.slots().size() != 3 || status.queued() < 0 || status.queued() > 7) {
      problems.add("bad shape: " + status);
    }
    for (int i = 0; i < status.slots().size(); i++) {
      EngineStatus.Slot slot = status.slots().get(i);
      boolean idle = slot.state() == IDLE;
      if (slot.id() != i
          || idle != (slot.requestId() == null)
          || slot.cachedTokens() < 0
          || slot.cachedTokens() > 256) {
        problems.add("bad slot: " + slot);
      }
    }
  }

  private static EngineStatus status(
      EngineStatus.State state, int cached, String requestId, int queued) {
    return new EngineStatus(List.of(new EngineStatus.Slot(0, state, cached, requestId)), queued);
  }

  private static GenerationRequest request(Prompt prompt, String id, Integer maxTokens) {
    return GenerationRequest.builder(prompt).id(id).maxTokens(maxTokens).build();
  }

  private static Prompt chat(InferenceEngine engine, String user) {
    return engine.renderChat(List.of(new ChatMessage("user", user)));
  }
}
