package dev.samovar.bench.mt;

import dev.samovar.client.ChatRequest;
import dev.samovar.client.Message;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One single-answer grading: a model's answer to a question, graded for turn 1 with the question
 * and first reply, or for turn 2 with the whole conversation; with the reference answer's turns as
 * {@code ref_answer_1} and {@code ref_answer_2} when the question's category needs one.
 */
public record JudgeMatch(
    Question question, Answer answer, int turn, JudgePrompt prompt, Optional<Answer> reference) {
  public JudgeMatch {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(prompt, "prompt");
    Objects.requireNonNull(reference, "reference");
    if (turn != 1 && turn != 2) {
      throw new IllegalArgumentException("turn must be 1 or 2: " + turn);
    }
  }

  /**
   * The judge's user message: the template filled as FastChat's run_judge_single fills it.
   *
   * @throws IllegalArgumentException when the template asks for a value this match lacks
   */
  public String userPrompt() {
    Map<String, String> values = new HashMap<>();
    reference.ifPresent(
        ref -> {
          values.put("ref_answer_1", ref.turns().get(0));
          if (ref.turns().size() > 1) {
            values.put("ref_answer_2", ref.turns().get(1));
          }
        });
    if (turn == 1) {
      values.put("question", question.turns().get(0));
      values.put("answer", answer.turns().get(0));
    } else {
      values.put("question_1", question.turns().get(0));
      values.put("question_2", question.turns().get(1));
      values.put("answer_1", answer.turns().get(0));
      values.put("answer_2", answer.turns().get(1));
    }
    return PromptTemplate.format(prompt.promptTemplate(), values);
  }

  /** The judge call: system prompt, user prompt, temperature 0, max_tokens 2048. */
  public ChatRequest request(String judgeModel) {
    List<Message> messages = new ArrayList<>(2);
    if (!prompt.systemPrompt().isEmpty()) {
      messages.add(Message.system(prompt.systemPrompt()));
    }
    messages.add(Message.user(userPrompt()));
    return new ChatRequest(judgeModel, messages, 0, MtBench.JUDGE_MAX_TOKENS);
  }

  /** The judgment row for the judge's text. */
  public Judgment judgment(String judgeModel, String text) {
    return new Judgment(
        question.id(),
        answer.modelId(),
        judgeModel,
        prompt.name(),
        userPrompt(),
        text,
        Score.extract(text),
        turn);
  }
}
