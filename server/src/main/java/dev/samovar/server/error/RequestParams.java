package dev.samovar.server.error;

/** The API request field that an engine request component comes from. */
final class RequestParams {

  private RequestParams() {}

  /**
   * {@code jsonSchema} comes from {@code response_format}; every other component from the field of
   * the same name in snake case ({@code logitBias} from {@code logit_bias}).
   */
  static String of(String component) {
    if (component.equals("jsonSchema")) {
      return "response_format";
    }
    StringBuilder param = new StringBuilder(component.length() + 4);
    for (char c : component.toCharArray()) {
      if (Character.isUpperCase(c)) {
        param.append('_').append(Character.toLowerCase(c));
      } else {
        param.append(c);
      }
    }
    return param.toString();
  }
}
