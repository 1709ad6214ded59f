package dev.samovar.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.samovar.server.api.Json;
import dev.samovar.server.ops.StoreSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResponseStoreTest {
  private static final String ID = "resp_" + "0123456789abcdef".repeat(2);

  @TempDir Path dir;

  @Test
  void aStoreWithAFolderKeepsResponsesAcrossInstances() {
    ResponseStore first = new ResponseStore(new StoreSettings(10, dir));
    first.put(stored());

    ResponseStore second = new ResponseStore(new StoreSettings(10, dir));
    assertThat(second.get(ID)).contains(stored());
    assertThat(second.delete(ID)).isTrue();
    assertThat(new ResponseStore(new StoreSettings(10, dir)).get(ID)).isEmpty();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void memoryIsBoundedAndIdsAreChecked() throws Exception {
    ResponseStore store = new ResponseStore(new StoreSettings(0, null));
    store.put(stored());

    assertThat(store.get(ID)).isEmpty();
    assertThat(store.get("../etc/passwd")).isEmpty();
    assertThat(store.delete("resp_../x")).isFalse();
    Files.writeString(dir.resolve("x.json"), "{}");
    assertThat(new ResponseStore(new StoreSettings(1, dir)).get("x")).isEmpty();
  }

  private static ResponseStore.Stored stored() {
    ObjectNode response = Json.MAPPER.createObjectNode().put("id", ID).put("object", "response");
    ObjectNode item = Json.MAPPER.createObjectNode().put("type", "message").put("content", "Hi");
    return new ResponseStore.Stored(response, List.of(item));
  }
}
