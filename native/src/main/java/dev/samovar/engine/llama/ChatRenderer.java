package dev.samovar.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import dev.samovar.engine.ChatMessage;
import dev.samovar.engine.EngineException;
import dev.samovar.engine.Prompt;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Renders chats with a model's own template through llama_chat_apply_template, and marks which
 * parts are the template's (special) and which are message contents (plain).
 */
final class ChatRenderer {
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_-]+");

  private final LlamaLibrary library;
  private final String template;
  private final String promptStart;

  /**
   * @param template the model's chat template, or null when it has none
   * @param promptStart the text every prompt starts with (the beginning-of-text token's), which
   *     llama.cpp's built-in templates leave out
   */
  ChatRenderer(LlamaLibrary library, String template, String promptStart) {
    this.library = library;
    this.template = template;
    this.promptStart = promptStart;
  }

  Prompt render(List<ChatMessage> messages) {
    if (template == null) {
      throw new EngineException("the model has no chat template");
    }
    for (ChatMessage message : messages) {
      if (!ROLE.matcher(message.role()).matches()) {
        throw new IllegalArgumentException(
            "a chat role is a word of letters, digits, '_' or '-': \"" + message.role() + "\"");
      }
    }
    String marker = "\u0001" + UUID.randomUUID() + "#";
    List<ChatMessage> marked = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      marked.add(new ChatMessage(messages.get(i).role(), marker + i + "\u0001"));
      contents.add(messages.get(i).content());
    }
    String rendered = apply(messages);
    List<String> pieces = templatePieces(apply(marked), marker, messages.size());
    if (!pieces.getFirst().startsWith(promptStart)) {
      rendered = promptStart + rendered;
      pieces.set(0, promptStart + pieces.getFirst());
    }
    return ChatSegments.split(rendered, pieces, contents);
  }

  private static List<String> templatePieces(String rendered, String marker, int count) {
    List<String> pieces = new ArrayList<>();
    int position = 0;
    for (int i = 0; i < count; i++) {
      String placeholder = marker + i + "\u0001";
      int at = rendered.indexOf(placeholder, position);
      if (at < 0 || rendered.indexOf(placeholder, at + 1) >= 0) {
        throw new EngineException(
            "the chat template does not render message " + (i + 1) + " exactly once");
      }
      pieces.add(rendered.substring(position, at));
      position = at + placeholder.length();
    }
    pieces.add(rendered.substring(position));
    return pieces;
  }

  private String apply(List<ChatMessage> messages) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment tmpl = arena.allocateFrom(template, StandardCharsets.UTF_8);
      MemorySegment array = library.chatMessages(arena, messages);
      int capacity = 256;
      for (ChatMessage message : messages) {
        capacity += 2 * message.content().length() + message.role().length();
      }
      MemorySegment buffer = arena.allocate(capacity);
      int length = library.applyChatTemplate(tmpl, array, messages.size(), buffer);
      if (length > capacity) {
        buffer = arena.allocate(length);
        length = library.applyChatTemplate(tmpl, array, messages.size(), buffer);
      }
      if (length < 0) {
        throw new EngineException("the model's chat template is not supported");
      }
      return new String(buffer.asSlice(0, length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
    }
  }
}
