package dev.samovar.bench.load;

import dev.samovar.bench.mt.Question;
import dev.samovar.bench.mt.QuestionSet;
import dev.samovar.bench.openai.Message;
import java.util.List;

/** The first turns of MT-Bench questions in file order, cycled: a real mix of prompt lengths. */
public final class MtBenchPrompts implements Prompts {
  private final List<String> firstTurns;

  public MtBenchPrompts(QuestionSet questions) {
    this.firstTurns =
        questions.questions().stream().map(Question::turns).map(List::getFirst).toList();
  }

  @Override
  public List<Message> messages(int index) {
    return List.of(Message.user(firstTurns.get(index % firstTurns.size())));
  }
}
