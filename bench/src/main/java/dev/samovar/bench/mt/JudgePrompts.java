package dev.samovar.bench.mt;

import dev.samovar.bench.BenchException;
import dev.samovar.client.jsonl.JsonlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code judge_prompts.jsonl} file. Single-answer grading needs its four single templates: {@code
 * single-v1} and {@code single-math-v1} for turn 1, {@code single-v1-multi-turn} and {@code
 * single-math-v1-multi-turn} for turn 2, each of type {@code single} with output format {@code
 * [[rating]]}; {@link #read} checks that they are there.
 */
public final class JudgePrompts {
  /** The four templates single-answer grading uses. */
  public static final List<String> SINGLE =
      List.of("single-v1", "single-math-v1", "single-v1-multi-turn", "single-math-v1-multi-turn");

  private final Map<String, JudgePrompt> byName;

  private JudgePrompts(Map<String, JudgePrompt> byName) {
    this.byName = byName;
  }

  /** Reads every template of {@code file} and checks the single-grading ones. */
  public static JudgePrompts read(Path file) {
    Map<String, JudgePrompt> byName = new LinkedHashMap<>();
    for (JsonlFile.Line line : JsonlFile.read(file)) {
      String where = line.where();
      JudgePrompt prompt =
          new JudgePrompt(
              Fields.text(line.json(), "name", where),
              Fields.text(line.json(), "type", where),
              Fields.text(line.json(), "system_prompt", where),
              Fields.text(line.json(), "prompt_template", where),
              Fields.text(line.json(), "description", where),
              Fields.text(line.json(), "category", where),
              Fields.text(line.json(), "output_format", where));
      if (byName.put(prompt.name(), prompt) != null) {
        throw new BenchException(where + ": judge prompt \"" + prompt.name() + "\" appears twice");
      }
    }
    for (String name : SINGLE) {
      JudgePrompt prompt = byName.get(name);
      if (prompt == null) {
        throw new BenchException(file + " has no judge prompt named \"" + name + "\"");
      }
      if (!prompt.type().equals("single") || !prompt.outputFormat().equals("[[rating]]")) {
        throw new BenchException(
            file
                + ": judge prompt \""
                + name
                + "\" must be of type single with output format [[rating]], not "
                + prompt.type()
                + " with "
                + prompt.outputFormat());
      }
    }
    return new JudgePrompts(byName);
  }

  /** Every template, in file order. */
  public List<JudgePrompt> all() {
    return new ArrayList<>(byName.values());
  }

  public Optional<JudgePrompt> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /**
   * The template FastChat grades a turn with: math for reference-based categories, multi-turn for
   * turn 2.
   */
  public JudgePrompt single(boolean withReference, int turn) {
    String name =
        (withReference ? "single-math-v1" : "single-v1") + (turn == 1 ? "" : "-multi-turn");
    return byName.get(name);
  }
}
