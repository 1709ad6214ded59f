package dev.samovar.server.http;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Chat completion requests rejected for sampling parameters out of range or of the wrong type:
 * temperature, top-p, top-k, min-p, penalties, logit bias, seed and ignore_eos.
 */
class ChatSamplingErrorsTest extends InvalidChatRequests {
  @Override
  Stream<Arguments> invalidRequests() {
    return Stream.of(
        invalidField(
            "\"temperature\":2.5",
            "temperature",
            "Invalid value for 'temperature': 2.5 is not in [0, 2]."),
        invalidField(
            "\"temperature\":-0.1",
            "temperature",
            "Invalid value for 'temperature': -0.1 is not in [0, 2]."),
        invalidField(
            "\"temperature\":\"hot\"",
            "temperature",
            "Invalid type for 'temperature': expected a number."),
        invalidField("\"top_p\":0", "top_p", "Invalid value for 'top_p': 0.0 is not in (0, 1]."),
        invalidField("\"top_p\":1.5", "top_p", "Invalid value for 'top_p': 1.5 is not in (0, 1]."),
        invalidField("\"top_p\":true", "top_p", "Invalid type for 'top_p': expected a number."),
        invalidField(
            "\"top_k\":-1", "top_k", "Invalid value for 'top_k': -1; it must be at least 0."),
        invalidField("\"top_k\":2.5", "top_k", "Invalid type for 'top_k': expected an integer."),
        invalidField("\"min_p\":1.5", "min_p", "Invalid value for 'min_p': 1.5 is not in [0, 1]."),
        invalidField(
            "\"repeat_penalty\":0",
            "repeat_penalty",
            "Invalid value for 'repeat_penalty': 0.0; it must be a finite number greater than 0."),
        invalidField(
            "\"frequency_penalty\":2.5",
            "frequency_penalty",
            "Invalid value for 'frequency_penalty': 2.5 is not in [-2, 2]."),
        invalidField(
            "\"presence_penalty\":\"x\"",
            "presence_penalty",
            "Invalid type for 'presence_penalty': expected a number."),
        invalidField(
            "\"logit_bias\":[1]",
            "logit_bias",
            "Invalid type for 'logit_bias': expected an object that maps token ids to numbers."),
        invalidField(
            "\"logit_bias\":{\"hello\":1}",
            "logit_bias",
            "Invalid key in 'logit_bias': \"hello\" is not a token id."),
        invalidField(
            "\"logit_bias\":{\"-5\":1}",
            "logit_bias",
            "Invalid key in 'logit_bias': \"-5\" is not a token id."),
        invalidField(
            "\"logit_bias\":{\"5\":\"high\"}",
            "logit_bias",
            "Invalid type for 'logit_bias': expected an object that maps token ids to numbers."),
        invalidField(
            "\"logit_bias\":{\"5\":101}",
            "logit_bias",
            "Invalid value for 'logit_bias': the bias of token 5 is 101.0; it must be in"
                + " [-100, 100]."),
        invalidField(
            "\"logit_bias\":{\"2000000\":1}",
            "logit_bias",
            "logit_bias names token 2000000, outside the vocabulary"),
        invalidField("\"seed\":1.5", "seed", "Invalid type for 'seed': expected a 64-bit integer."),
        invalidField(
            "\"seed\":99999999999999999999",
            "seed",
            "Invalid type for 'seed': expected a 64-bit integer."),
        invalidField(
            "\"ignore_eos\":\"yes\"",
            "ignore_eos",
            "Invalid type for 'ignore_eos': expected a boolean."));
  }
}
