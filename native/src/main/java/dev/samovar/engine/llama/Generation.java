package dev.samovar.engine.llama;

import dev.samovar.engine.GenerationHandle;
import dev.samovar.engine.GenerationRequest;
import dev.samovar.engine.GenerationSink;

/**
 * A submitted generation: its request, tokenized prompt, sampler chain and sink, and its cancel
 * flag.
 */
final class Generation implements GenerationHandle {
  private final GenerationRequest request;
  private final int[] prompt;
  private final SamplerChain sampler;
  private final GenerationSink sink;
  private final long submittedNanos;
  private final WorkQueue queue;
  private volatile boolean cancelled;

  Generation(
      GenerationRequest request,
      int[] prompt,
      SamplerChain sampler,
      GenerationSink sink,
      WorkQueue queue) {
    this.request = request;
    this.prompt = prompt;
    this.sampler = sampler;
    this.sink = sink;
    this.queue = queue;
    this.submittedNanos = System.nanoTime();
  }

  GenerationRequest request() {
    return request;
  }

  int[] prompt() {
    return prompt;
  }

  /** The sampler chain; whoever ends the generation frees it. */
  SamplerChain sampler() {
    return sampler;
  }

  GenerationSink sink() {
    return sink;
  }

  long submittedNanos() {
    return submittedNanos;
  }

  boolean cancelled() {
    return cancelled;
  }

  @Override
  public void cancel() {
    if (!cancelled) {
      cancelled = true;
      queue.cancellationRequested();
    }
  }
}
