package dev.samovar.models.inspect;

import java.util.List;

/** The prompt format a chat template writes, recognised by its marker tokens. */
public enum ChatTemplateFamily {
  /** Llama 3: {@code <|start_header_id|>role<|end_header_id|>} ... {@code <|eot_id|>}. */
  LLAMA3("llama3", List.of("<|start_header_id|>", "<|end_header_id|>")),
  /** ChatML (Qwen and others): {@code <|im_start|>role} ... {@code <|im_end|>}. */
  CHATML("chatml", List.of("<|im_start|>", "<|im_end|>")),
  /** Gemma: {@code <start_of_turn>role} ... {@code <end_of_turn>}. */
  GEMMA("gemma", List.of("<start_of_turn>", "<end_of_turn>")),
  /** Llama 2 and Mistral: {@code [INST]} ... {@code [/INST]}. */
  LLAMA2("llama2/mistral", List.of("[INST]", "[/INST]")),
  /** Phi-3 and Zephyr: {@code <|user|>} ... {@code <|assistant|>}. */
  PHI3("phi3/zephyr", List.of("<|user|>", "<|assistant|>")),
  /** None of the above. */
  OTHER("other", List.of());

  private final String label;
  private final List<String> markers;

  ChatTemplateFamily(String label, List<String> markers) {
    this.label = label;
    this.markers = markers;
  }

  /** A short name: "llama3", "chatml", ... */
  public String label() {
    return label;
  }

  /** The family whose marker tokens all appear in {@code template}, or {@link #OTHER}. */
  public static ChatTemplateFamily of(String template) {
    for (ChatTemplateFamily family : values()) {
      if (!family.markers.isEmpty() && family.markers.stream().allMatch(template::contains)) {
        return family;
      }
    }
    return OTHER;
  }
}
