package dev.samovar.engine;

/**
 * What the server needs to know about a loaded model.
 *
 * @param id the served model id
 * @param contextLength tokens each sequence may hold (prompt plus completion)
 * @param trainContextLength the context length the model was trained with
 * @param sequences how many requests generate at once
 * @param vocabSize number of tokens in the vocabulary
 * @param chatTemplate the model's chat template (empty when the file has none)
 * @param description llama.cpp's one-line description of the model
 */
public record ModelInfo(
    String id,
    int contextLength,
    int trainContextLength,
    int sequences,
    int vocabSize,
    String chatTemplate,
    String description) {}
