package dev.samovar.bench.load;

import dev.samovar.bench.openai.Message;
import java.util.List;

/** The chats of a workload, one per request index. */
public interface Prompts {
  /** The chat of request {@code index} (0 or more). */
  List<Message> messages(int index);

  /** The dataset's name in the report: {@code synthetic} or {@code mt-bench}. */
  String dataset();
}
