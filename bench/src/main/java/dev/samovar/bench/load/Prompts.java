package dev.samovar.bench.load;

import dev.samovar.bench.openai.Message;
import java.util.List;

/** The chats of a workload, one per request index. */
@FunctionalInterface
public interface Prompts {
  /** The chat of request {@code index} (0 or more). */
  List<Message> messages(int index);
}
