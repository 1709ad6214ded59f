package dev.samovar.bench.mt;

import java.util.Map;

/**
 * Python's {@code str.format} with named fields, as FastChat fills its judge prompts: {@code
 * {name}} is replaced by the value (inserted as is, never formatted again), {@code {{} and {@code
 * }}} stand for single braces. Unknown names, lone braces and format specs are errors, like
 * Python's KeyError and ValueError; values nobody asks for are ignored.
 */
public final class PromptTemplate {
  private PromptTemplate() {}

  /**
   * The filled template.
   *
   * @throws IllegalArgumentException when the template is malformed or names a missing value
   */
  public static String format(String template, Map<String, String> values) {
    StringBuilder out = new StringBuilder(template.length() + 256);
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        if (i + 1 < template.length() && template.charAt(i + 1) == '{') {
          out.append('{');
          i += 2;
          continue;
        }
        int end = template.indexOf('}', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("single '{' encountered in format string at " + i);
        }
        String name = template.substring(i + 1, end);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException(
              "unsupported replacement field {"
                  + name
                  + "} at "
                  + i
                  + "; only {name} is supported");
        }
        String value = values.get(name);
        if (value == null) {
          throw new IllegalArgumentException("no value for {" + name + "}");
        }
        out.append(value);
        i = end + 1;
      } else if (c == '}') {
        if (i + 1 < template.length() && template.charAt(i + 1) == '}') {
          out.append('}');
          i += 2;
          continue;
        }
        throw new IllegalArgumentException("single '}' encountered in format string at " + i);
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
