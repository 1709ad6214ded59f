package dev.samovar.bench.mt;

import java.util.Objects;

/**
 * One judge prompt template of FastChat's {@code judge_prompts.jsonl}.
 *
 * @param name such as {@code single-v1} or {@code single-math-v1-multi-turn}
 * @param type {@code single} or {@code pairwise}
 * @param systemPrompt the judge's system message
 * @param promptTemplate the user message, a Python format string ({@link PromptTemplate})
 * @param description what it is for
 * @param category {@code general} or {@code math} (the reference-based ones)
 * @param outputFormat how the verdict is written: {@code [[rating]]}, {@code [[A]]}, ...
 */
public record JudgePrompt(
    String name,
    String type,
    String systemPrompt,
    String promptTemplate,
    String description,
    String category,
    String outputFormat) {
  public JudgePrompt {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(systemPrompt, "systemPrompt");
    Objects.requireNonNull(promptTemplate, "promptTemplate");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(outputFormat, "outputFormat");
  }
}
