package dev.samovar.models.tiny;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.models.gguf.GgufFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks the planted behaviour documented on {@link TinyModel} with a float64 forward pass of the
 * written file: which tokens can be sampled, what greedy decoding writes, where eot comes.
 */
class TinyModelBehaviourTest {
  private static final double BLOCKED_MARGIN = 100;
  private static final List<String> PROMPTS =
      List.of(
          "Привет! Как дела?",
          "Расскажи про самовар",
          "What is tea?",
          "Сегодня хороший день",
          "2+2=?",
          "Я люблю чай 🍵");

  @TempDir static Path dir;
  static List<String> tokens;
  static TestTokenizer tokenizer;
  static ReferenceLlama llama;
  static boolean[] sampleable;
  static int eot;

  @BeforeAll
  static void load() throws IOException {
    Path model = dir.resolve("tiny.gguf");
    TinyModel.write(model);
    GgufFile gguf = GgufFile.read(model);
    tokens = gguf.metadata().strings("tokenizer.ggml.tokens");
    tokenizer = new TestTokenizer(tokens, gguf.metadata().strings("tokenizer.ggml.merges"));
    llama = new ReferenceLlama(gguf);
    eot = tokens.indexOf("<|eot_id|>");
    sampleable = new boolean[tokens.size()];
    for (int id = 0; id < tokens.size() - 5; id++) {
      sampleable[id] = text(id) != null;
    }
    sampleable[eot] = true;
  }

  /** The token's text when it is whole characters without control characters but '\n'. */
  private static String text(int id) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(ByteUnicode.decode(tokens.get(id))))
              .toString();
      return text.codePoints().allMatch(c -> c == '\n' || !Character.isISOControl(c)) ? text : null;
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static String chat(String user) {
    return "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"
        + user
        + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n";
  }

  private static double[] feed(ReferenceLlama.State state, int[] ids) {
    double[] logits = null;
    for (int id : ids) {
      logits = llama.forward(state, id);
    }
    return logits;
  }

  private static int argmax(double[] logits) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }

  /** Every token that must never be sampled scores at least 100 below the best token. */
  private static void assertBlockedFarBelowBest(double[] logits, String where) {
    double best = logits[argmax(logits)];
    for (int id = 0; id < logits.length; id++) {
      if (!sampleable[id]) {
        assertThat(best - logits[id]).as("%s: margin of token %d", where, id).isGreaterThan(100);
      }
    }
  }

  @Test
  void afterAnyTextTokenOnlyWholeCharactersCanComeAndGreedyNeverEnds() {
    ReferenceLlama.State prompt = new ReferenceLlama.State();
    feed(prompt, tokenizer.tokenize(chat("Привет! Как дела?") + "Да самовар"));
    int checked = 0;
    for (int id = 0; id < tokens.size(); id++) {
      if (!sampleable[id] || id == eot) {
        continue;
      }
      double[] logits = llama.forward(prompt.copy(), id);
      assertBlockedFarBelowBest(logits, "after token " + id);
      assertThat(argmax(logits)).as("greedy after token %d", id).isNotEqualTo(eot);
      checked++;
    }
    assertThat(checked).isGreaterThan(400);
  }

  @Test
  void greedyRepliesAreRussianWordsThatDependOnThePrompt() {
    Set<String> replies = new HashSet<>();
    Set<String> firstWords = new HashSet<>();
    for (String user : PROMPTS) {
      ReferenceLlama.State state = new ReferenceLlama.State();
      double[] logits = feed(state, tokenizer.tokenize(chat(user)));
      StringBuilder reply = new StringBuilder();
      for (int step = 0; step < 40; step++) {
        assertBlockedFarBelowBest(logits, user + ", step " + step);
        int next = argmax(logits);
        assertThat(next).as("%s, step %d", user, step).isNotEqualTo(eot);
        if (step == 0) {
          firstWords.add(text(next));
        }
        reply.append(text(next));
        logits = llama.forward(state, next);
      }
      assertThat(reply.toString()).as(user).matches("[А-Яа-яЁё][А-Яа-яЁё .,!?]+");
      replies.add(reply.toString());
    }
    assertThat(List.of("Привет", "Да", "Я", "Это")).containsAll(firstWords);
    assertThat(replies).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void afterASentenceEndEotIsJustBelowTheSentenceStarter() {
    int starter = tokens.indexOf(ByteUnicode.encode(" Я"));
    for (String end : List.of(".", "!", "?")) {
      double[] logits =
          feed(new ReferenceLlama.State(), tokenizer.tokenize(chat("Привет") + "Да мир" + end));
      double best = logits[argmax(logits)];
      assertThat(logits[starter] - logits[eot]).as(end).isBetween(0.2, TinyGrammar.EOT_GAP + 1e-6);
      assertThat(best - logits[eot]).as(end).isGreaterThan(0).isLessThan(2);
    }
  }

  @Test
  void sampledRepliesUsuallyEndOnEotWithinSixtyTokens() {
    Random random = new Random(1);
    List<Integer> lengths = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ReferenceLlama.State state = new ReferenceLlama.State();
      double[] logits = feed(state, tokenizer.tokenize(chat(PROMPTS.get(i % PROMPTS.size()))));
      int length = 0;
      while (length < 100) {
        assertBlockedFarBelowBest(logits, "sample " + i);
        int next = sample(logits, 0.8, 0.9, random);
        length++;
        if (next == eot) {
          break;
        }
        logits = llama.forward(state, next);
      }
      lengths.add(length);
    }
    assertThat(lengths).allMatch(n -> n >= 3);
    assertThat(lengths.stream().filter(n -> n < 100)).hasSizeGreaterThanOrEqualTo(25);
    assertThat(lengths.stream().filter(n -> n >= 10 && n <= 60)).hasSizeGreaterThanOrEqualTo(15);
  }

  /** Temperature, then top-p over the sorted probabilities, then a draw. */
  private static int sample(double[] logits, double temperature, double topP, Random random) {
    double max = logits[argmax(logits)];
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp((logits[i] - max) / temperature);
      sum += p[i];
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
      order.add(i);
    }
    order.sort((a, b) -> Double.compare(p[b], p[a]));
    double kept = 0;
    int count = 0;
    while (count < order.size() && kept < topP) {
      kept += p[order.get(count++)];
    }
    double u = random.nextDouble() * kept;
    for (int i = 0; i < count; i++) {
      u -= p[order.get(i)];
      if (u <= 0) {
        return order.get(i);
      }
    }
    return order.get(count - 1);
  }
}
