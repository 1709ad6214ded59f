package dev.samovar.models.tiny;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokenizes text as llama.cpp does for a Llama-3 ({@code llama-bpe}) vocabulary: control-token text
 * becomes the control token, other text is split by the Llama-3 pattern and each piece goes through
 * BPE with the file's merges.
 */
final class TestTokenizer {
  private static final Pattern CONTROL = Pattern.compile("<\\|[a-z_]+\\|>");
  private static final Pattern PIECES =
      Pattern.compile(
          "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
              + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

  private final Map<String, Integer> ids = new HashMap<>();
  private final Bpe bpe = new Bpe();

  TestTokenizer(List<String> tokens, List<String> merges) {
    for (int id = 0; id < tokens.size(); id++) {
      ids.put(tokens.get(id), id);
    }
    for (String merge : merges) {
      int space = merge.indexOf(' ', 1);
      bpe.add(merge.substring(0, space), merge.substring(space + 1));
    }
  }

  int[] tokenize(String text) {
    List<Integer> out = new ArrayList<>();
    Matcher control = CONTROL.matcher(text);
    int from = 0;
    while (control.find()) {
      plain(text.substring(from, control.start()), out);
      out.add(id(control.group()));
      from = control.end();
    }
    plain(text.substring(from), out);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private void plain(String text, List<Integer> out) {
    Matcher piece = PIECES.matcher(text);
    while (piece.find()) {
      String spelling = ByteUnicode.encode(piece.group());
      if (ids.containsKey(spelling)) {
        out.add(ids.get(spelling));
        continue;
      }
      for (String symbol : bpe.apply(spelling)) {
        out.add(id(symbol));
      }
    }
  }

  private int id(String spelling) {
    Integer id = ids.get(spelling);
    if (id == null) {
      throw new IllegalStateException("no token '" + spelling + "'");
    }
    return id;
  }
}
