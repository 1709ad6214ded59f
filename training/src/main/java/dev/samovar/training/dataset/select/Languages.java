package dev.samovar.training.dataset.select;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The languages a Tagengo-format dataset names: ISO 639-1 codes and their English names, as the
 * {@code language} field spells them.
 */
final class Languages {
  private static final Map<String, String> NAMES = table();
  private static final Map<String, String> CODES =
      NAMES.entrySet().stream()
          .collect(
              Collectors.toUnmodifiableMap(
                  e -> e.getValue().toLowerCase(Locale.ROOT), Map.Entry::getKey));

  private Languages() {}

  /** The English name of a known code, e.g. "Russian" for "ru". */
  static Optional<String> name(String code) {
    return Optional.ofNullable(NAMES.get(code));
  }

  /** The code of an English language name in any case, e.g. "ru" for "russian". */
  static Optional<String> codeOfName(String name) {
    return Optional.ofNullable(CODES.get(name.strip().toLowerCase(Locale.ROOT)));
  }

  /** The code a key of {@code --lang} stands for: a known code or name in any case. */
  static Optional<String> code(String key) {
    String lower = key.strip().toLowerCase(Locale.ROOT);
    return NAMES.containsKey(lower) ? Optional.of(lower) : codeOfName(lower);
  }

  /**
   * A detected language code in the form this table uses: lower case, without a region ("zh-cn" and
   * "zh_TW" become "zh").
   */
  static String normalizeCode(String detected) {
    String lower = detected.strip().toLowerCase(Locale.ROOT);
    int region = lower.indexOf('-') >= 0 ? lower.indexOf('-') : lower.indexOf('_');
    return region > 0 ? lower.substring(0, region) : lower;
  }

  /** Every known language as {@code code (Name)}, comma-separated, for messages. */
  static String known() {
    return NAMES.entrySet().stream()
        .map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", "));
  }

  private static Map<String, String> table() {
    String[] pairs = {
      "af", "Afrikaans", "am", "Amharic", "ar", "Arabic", "az", "Azerbaijani", "be", "Belarusian",
      "bg", "Bulgarian", "bn", "Bengali", "bs", "Bosnian", "ca", "Catalan", "cs", "Czech",
      "cy", "Welsh", "da", "Danish", "de", "German", "el", "Greek", "en", "English",
      "eo", "Esperanto", "es", "Spanish", "et", "Estonian", "eu", "Basque", "fa", "Persian",
      "fi", "Finnish", "fr", "French", "ga", "Irish", "gl", "Galician", "gu", "Gujarati",
      "he", "Hebrew", "hi", "Hindi", "hr", "Croatian", "hu", "Hungarian", "hy", "Armenian",
      "id", "Indonesian", "is", "Icelandic", "it", "Italian", "ja", "Japanese", "jv", "Javanese",
      "ka", "Georgian", "kk", "Kazakh", "km", "Khmer", "kn", "Kannada", "ko", "Korean",
      "ky", "Kyrgyz", "la", "Latin", "lb", "Luxembourgish", "lo", "Lao", "lt", "Lithuanian",
      "lv", "Latvian", "mk", "Macedonian", "ml", "Malayalam", "mn", "Mongolian", "mr", "Marathi",
      "ms", "Malay", "mt", "Maltese", "my", "Burmese", "ne", "Nepali", "nl", "Dutch",
      "no", "Norwegian", "pa", "Punjabi", "pl", "Polish", "ps", "Pashto", "pt", "Portuguese",
      "ro", "Romanian", "ru", "Russian", "si", "Sinhala", "sk", "Slovak", "sl", "Slovenian",
      "so", "Somali", "sq", "Albanian", "sr", "Serbian", "sv", "Swedish", "sw", "Swahili",
      "ta", "Tamil", "te", "Telugu", "tg", "Tajik", "th", "Thai", "tl", "Tagalog",
      "tr", "Turkish", "tt", "Tatar", "uk", "Ukrainian", "ur", "Urdu", "uz", "Uzbek",
      "vi", "Vietnamese", "yo", "Yoruba", "zh", "Chinese", "zu", "Zulu"
    };
    Map<String, String> names = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      names.put(pairs[i], pairs[i + 1]);
    }
    return Collections.unmodifiableMap(names);
  }
}
