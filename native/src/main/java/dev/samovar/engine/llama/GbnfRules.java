package dev.samovar.engine.llama;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Rule names in a GBNF grammar, told apart from the text of its literals ({@code "..."}) and
 * character classes ({@code [...]}), both of which may hold any character after a backslash.
 */
final class GbnfRules {
  private GbnfRules() {}

  /** The names of the rules {@code grammar} defines ({@code name ::= ...}). */
  static Set<String> names(String grammar) {
    Set<String> names = new LinkedHashSet<>();
    for (String line : grammar.split("\n")) {
      int at = line.indexOf("::=");
      if (at > 0) {
        names.add(line.substring(0, at).strip());
      }
    }
    return names;
  }

  /**
   * {@code grammar} with rule {@code from} named {@code to}, where defined and where referenced.
   */
  static String rename(String grammar, String from, String to) {
    StringBuilder out = new StringBuilder(grammar.length() + 16);
    int i = 0;
    while (i < grammar.length()) {
      char c = grammar.charAt(i);
      if (c == '"' || c == '[') {
        int end = closing(grammar, i, c == '"' ? '"' : ']');
        out.append(grammar, i, end);
        i = end;
      } else if (isNameChar(c)) {
        int end = i;
        while (end < grammar.length() && isNameChar(grammar.charAt(end))) {
          end++;
        }
        String name = grammar.substring(i, end);
        out.append(name.equals(from) ? to : name);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index after the quote or bracket that closes the one at {@code start}. */
  private static int closing(String grammar, int start, char close) {
    int i = start + 1;
    while (i < grammar.length()) {
      char c = grammar.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == close) {
        return i + 1;
      } else {
        i++;
      }
    }
    throw new IllegalArgumentException("unclosed " + grammar.charAt(start) + " in grammar");
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  }
}
