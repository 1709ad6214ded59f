package dev.samovar.server.api;

import static dev.samovar.server.api.Fields.bool;
import static dev.samovar.server.api.Fields.field;
import static dev.samovar.server.api.Fields.integer;
import static dev.samovar.server.api.Fields.number;
import static dev.samovar.server.api.Fields.wrongType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.samovar.server.error.InvalidRequestException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields chat and text completions share.
 *
 * @param model the requested model id
 * @param sampling the sampling fields the request sets
 * @param maxTokens at least 1, or null when the request sets none
 * @param stop zero to four non-empty stop strings
 * @param n how many choices to generate, at least 1
 * @param stream whether to answer with server-sent events
 * @param includeUsage whether a stream ends with a usage chunk
 * @param ignoreEos whether to generate past end-of-generation tokens (an extension)
 */
public record GenerationParams(
    String model,
    SamplingFields sampling,
    Integer maxTokens,
    List<String> stop,
    int n,
    boolean stream,
    boolean includeUsage,
    boolean ignoreEos) {

  /** The most choices one request may ask for. */
  public static final int MAX_N = 128;

  private static final int MAX_STOP_STRINGS = 4;
  private static final double MAX_LOGIT_BIAS = 100;

  public GenerationParams {
    stop = List.copyOf(stop);
  }

  /** Reads and validates the shared fields of a request object. */
  static GenerationParams read(JsonNode root) {
    boolean stream = bool(root, "stream", "stream");
    JsonNode streamOptions = field(root, "stream_options");
    if (streamOptions != null && !streamOptions.isObject()) {
      throw wrongType("stream_options", "an object");
    }
    if (streamOptions != null && !stream) {
      throw new InvalidRequestException(
          "stream_options is only allowed when stream is true.", "stream_options");
    }
    Fields.string(root, "user", "user");
    Integer n = integer(root, "n", "n", 1, MAX_N);
    return new GenerationParams(
        model(root),
        sampling(root),
        maxTokens(root),
        stop(root),
        n == null ? 1 : n,
        stream,
        streamOptions != null
            && bool(streamOptions, "include_usage", "stream_options.include_usage"),
        bool(root, "ignore_eos", "ignore_eos"));
  }

  private static String model(JsonNode root) {
    JsonNode model = field(root, "model");
    if (model == null) {
      throw new InvalidRequestException("You must provide a model parameter.", "model");
    }
    if (!model.isTextual()) {
      throw wrongType("model", "a string");
    }
    return model.textValue();
  }

  private static SamplingFields sampling(JsonNode root) {
    Double repeatPenalty = number(root, "repeat_penalty");
    if (repeatPenalty != null && !(repeatPenalty > 0 && Double.isFinite(repeatPenalty))) {
      throw new InvalidRequestException(
          "Invalid value for 'repeat_penalty': "
              + repeatPenalty
              + "; it must be a finite number greater than 0.",
          "repeat_penalty");
    }
    Double topP = number(root, "top_p");
    if (topP != null && !(topP > 0 && topP <= 1)) {
      throw Fields.outOfRange("top_p", topP, "(0, 1]");
    }
    return new SamplingFields(
        number(root, "temperature", 0, 2),
        topP,
        integer(root, "top_k", "top_k", 0, Integer.MAX_VALUE),
        number(root, "min_p", 0, 1),
        repeatPenalty,
        number(root, "frequency_penalty", -2, 2),
        number(root, "presence_penalty", -2, 2),
        logitBias(root),
        seed(root));
  }

  private static Map<Integer, Double> logitBias(JsonNode root) {
    JsonNode bias = field(root, "logit_bias");
    if (bias == null) {
      return Map.of();
    }
    if (!bias.isObject()) {
      throw wrongType("logit_bias", "an object that maps token ids to numbers");
    }
    Map<Integer, Double> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : bias.properties()) {
      int token = tokenId(entry.getKey());
      JsonNode value = entry.getValue();
      if (!value.isNumber()) {
        throw wrongType("logit_bias", "an object that maps token ids to numbers");
      }
      double number = value.doubleValue();
      if (!(number >= -MAX_LOGIT_BIAS && number <= MAX_LOGIT_BIAS)) {
        throw new InvalidRequestException(
            "Invalid value for 'logit_bias': the bias of token "
                + token
                + " is "
                + number
                + "; it must be in [-100, 100].",
            "logit_bias");
      }
      result.put(token, number);
    }
    return result;
  }

  private static int tokenId(String key) {
    try {
      int token = Integer.parseInt(key);
      if (token >= 0 && key.equals(String.valueOf(token))) {
        return token;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw new InvalidRequestException(
        "Invalid key in 'logit_bias': \"" + key + "\" is not a token id.", "logit_bias");
  }

  private static Integer maxTokens(JsonNode root) {
    String name =
        field(root, "max_completion_tokens") != null ? "max_completion_tokens" : "max_tokens";
    return integer(root, name, name, 1, Integer.MAX_VALUE);
  }

  private static List<String> stop(JsonNode root) {
    JsonNode stop = field(root, "stop");
    if (stop == null) {
      return List.of();
    }
    if (stop.isTextual()) {
      return List.of(stopString(stop, "stop"));
    }
    if (!stop.isArray()) {
      throw wrongType("stop", "a string or an array of strings");
    }
    if (stop.isEmpty() || stop.size() > MAX_STOP_STRINGS) {
      throw new InvalidRequestException(
          "'stop' must hold 1 to " + MAX_STOP_STRINGS + " strings; it has " + stop.size() + ".",
          "stop");
    }
    List<String> result = new ArrayList<>(stop.size());
    for (int i = 0; i < stop.size(); i++) {
      result.add(stopString(stop.get(i), "stop[" + i + "]"));
    }
    return result;
  }

  private static String stopString(JsonNode value, String param) {
    if (!value.isTextual()) {
      throw wrongType(param, "a string");
    }
    if (value.textValue().isEmpty()) {
      throw new InvalidRequestException("Stop strings must not be empty.", param);
    }
    return value.textValue();
  }

  private static Long seed(JsonNode root) {
    JsonNode seed = field(root, "seed");
    if (seed == null) {
      return null;
    }
    if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
      throw wrongType("seed", "a 64-bit integer");
    }
    return seed.longValue();
  }
}
