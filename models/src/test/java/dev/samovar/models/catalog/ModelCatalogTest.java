package dev.samovar.models.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelCatalogTest {
  private static final String REPO = "ruslandev/llama-3-8b-gpt-4o-ru1.0-gguf";
  private final ModelCatalog catalog = ModelCatalog.builtIn();

  @TempDir Path dir;

  private static CatalogEntry.Hub hub(String quant, String file, long size) {
    return new CatalogEntry.Hub(
        "ru-llama3-8b:" + quant,
        ModelCatalog.builtIn().find("ru-llama3-8b:" + quant).orElseThrow().description(),
        new HubFile(REPO, "main", file),
        size,
        Optional.empty());
  }

  @Test
  void listsThePublishedFilesAndTheTinyModel() {
    assertThat(catalog.ids())
        .containsExactly(
            "ru-llama3-8b:Q2_K",
            "ru-llama3-8b:Q4_K_M",
            "ru-llama3-8b:Q8_0",
            "ru-llama3-8b:F16",
            "tiny");
    assertThat(catalog.entries().subList(0, 4))
        .containsExactly(
            hub("Q2_K", "ggml-model-Q2_K.gguf", 3_180_000_000L),
            hub("Q4_K_M", "ggml-model-Q4_K_M.gguf", 4_920_000_000L),
            hub("Q8_0", "ggml-model-Q8_0.gguf", 8_540_000_000L),
            hub("F16", "ggml-model-f16.gguf", 16_100_000_000L));
    assertThat(catalog.find("tiny")).containsInstanceOf(CatalogEntry.BuiltIn.class);
    assertThat(catalog.defaultEntry().id()).isEqualTo("ru-llama3-8b:Q4_K_M");
    assertThat(catalog.entries()).allMatch(e -> !e.description().isBlank());
  }

  @Test
  void noPublishedFileIsPinnedYet() {
    // The commits and hashes were not known when the catalog was written; see its notes.
    assertThat(catalog.entries())
        .filteredOn(CatalogEntry.Hub.class::isInstance)
        .map(CatalogEntry.Hub.class::cast)
        .allMatch(e -> !e.file().pinned() && e.sha256().isEmpty());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {"models":[]} | catalog has no 'models' array
          [] | catalog is not a JSON object
          {"x":1,"models":[{}]} | catalog: unknown field 'x'
          {"default":"a:b","models":[{"id":"a:b","description":"d","builtin":true}]} | catalog entry 0 ('a:b'): the only built-in model is 'tiny'
          {"default":"a:b","models":[{"id":"a:b","description":"d","repo":"o/r","revision":"main","file":"f.gguf","approximate_size":1,"sha256":null,"extra":1}]} | catalog entry 0 ('a:b'): unknown field 'extra'
          {"default":"a:b","models":[{"id":"a:b","description":"d","repo":"o/r","revision":"main","file":"f.gguf","approximate_size":1,"sha256":"ABC"}]} | catalog entry 0 ('a:b'): sha256 of a:b is not 64 lowercase hex digits: ABC
          {"default":"a:b","models":[{"id":"a:b","description":"d","repo":"o/r","revision":"main","file":"f.gguf","approximate_size":"1 GB","sha256":null}]} | catalog entry 0 ('a:b'): 'approximate_size' must be a number of bytes
          {"default":"a:b","models":[{"id":"a:b","description":"d","repo":"o/r","revision":"main","file":"f.gguf","approximate_size":1}]} | catalog entry 0 ('a:b'): 'sha256' must be the file's SHA-256 or null when it is not known
          {"default":"a:b","models":[{"id":"a:b","description":"d","repo":"bad","revision":"main","file":"f.gguf","approximate_size":1,"sha256":null}]} | catalog entry 0 ('a:b'): repository 'bad' is not of the form owner/name
          {"default":"a:b","models":[{"id":"a:b","description":"d","repo":"o/r","revision":"main","file":"../f.gguf","approximate_size":1,"sha256":null}]} | catalog entry 0 ('a:b'): file '../f.gguf' is not a relative path inside the repository
          {"default":"tiny","models":[{"id":"tiny","description":"d","builtin":true}]} | catalog default 'tiny' is not a published model in it
          {"default":"a:b","models":[{"id":"tiny","description":"d","builtin":true},{"id":"tiny","description":"d","builtin":true}]} | catalog has id 'tiny' twice
          {"default":"a:b","models":[{"description":"d","builtin":true}]} | catalog entry 0: 'id' must be a non-empty string
          """)
  void refusesAMalformedCatalogNamingTheFault(String json, String message) {
    assertThatThrownBy(() -> ModelCatalog.parse(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void refusesInvalidJson() {
    assertThatThrownBy(() -> ModelCatalog.parse("{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("catalog is not valid JSON: ");
  }

  @Test
  void readsModelValuesAsIdsHubFilesOrPaths() throws Exception {
    assertThat(catalog.reference("ru-llama3-8b:Q8_0"))
        .isEqualTo(new ModelReference.Catalog(catalog.find("ru-llama3-8b:Q8_0").orElseThrow()));
    assertThat(catalog.reference("tiny"))
        .isEqualTo(new ModelReference.Catalog(catalog.find("tiny").orElseThrow()));
    assertThat(catalog.reference("hf://owner/repo/sub/model.Q4.gguf"))
        .isEqualTo(new ModelReference.Hub(new HubFile("owner/repo", "main", "sub/model.Q4.gguf")));
    assertThat(catalog.reference("models/my.gguf"))
        .isEqualTo(new ModelReference.Local(Path.of("models/my.gguf")));
    Path colon = Files.writeString(dir.resolve("odd:name"), "x");
    assertThat(catalog.reference(colon.toString())).isEqualTo(new ModelReference.Local(colon));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          ru-llama3-8b:Q3_K | unknown model id 'ru-llama3-8b:Q3_K'; the catalog has ru-llama3-8b:Q2_K, ru-llama3-8b:Q4_K_M, ru-llama3-8b:Q8_0, ru-llama3-8b:F16, tiny (see samovar models list)
          hf://owner/repo | 'hf://owner/repo' is not of the form hf://owner/repo/file.gguf
          hf://owner/repo/ | 'hf://owner/repo/' is not of the form hf://owner/repo/file.gguf
          hf://own er/repo/f.gguf | 'hf://own er/repo/f.gguf': repository 'own er/repo' is not of the form owner/name
          hf://owner/repo/a//b.gguf | 'hf://owner/repo/a//b.gguf': file 'a//b.gguf' is not a relative path inside the repository
          hf://owner/repo/../x.gguf | 'hf://owner/repo/../x.gguf': file '../x.gguf' is not a relative path inside the repository
          """)
  void refusesUnknownIdsAndMalformedHubFiles(String value, String message) {
    assertThatThrownBy(() -> catalog.reference(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void hubFilesKnowTheirNameAndWhetherTheyArePinned() {
    HubFile main = HubFile.parse("hf://o/r/dir/f.gguf");
    HubFile commit = new HubFile("o/r", "0123456789abcdef0123456789abcdef01234567", "f.gguf");

    assertThat(main.fileName()).isEqualTo("f.gguf");
    assertThat(main.uri()).isEqualTo("hf://o/r/dir/f.gguf");
    assertThat(main).hasToString("o/r@main/dir/f.gguf");
    assertThat(main.pinned()).isFalse();
    assertThat(commit.pinned()).isTrue();
  }
}
