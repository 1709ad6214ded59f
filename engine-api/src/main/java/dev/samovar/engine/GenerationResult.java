package dev.samovar.engine;

/**
 * How a generation ended.
 *
 * @param finishReason why it ended
 * @param promptTokens tokens in the prompt
 * @param cachedPromptTokens prompt tokens reused from the sequence's KV cache
 * @param completionTokens tokens sampled (the end-of-generation token counts, stop text does too)
 * @param timings where the time went
 * @param stopSequence the stop string that ended the generation, or null when none did
 */
public record GenerationResult(
    FinishReason finishReason,
    int promptTokens,
    int cachedPromptTokens,
    int completionTokens,
    Timings timings,
    String stopSequence) {}
