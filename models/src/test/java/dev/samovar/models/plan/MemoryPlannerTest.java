package dev.samovar.models.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samovar.models.gguf.GgufFile;
import dev.samovar.models.testdata.TestData;
import dev.samovar.models.tiny.TinyModel;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryPlannerTest {
  @TempDir Path dir;

  private GgufFile tiny() throws IOException {
    Path path = dir.resolve("tiny.gguf");
    TinyModel.write(path);
    return GgufFile.read(path);
  }

  @Test
  void planTheTinyModelLayerByLayer() throws IOException {
    MemoryPlan plan = MemoryPlanner.plan(tiny(), new MemorySettings(8192, 1, 512));

    assertThat(plan.weightBytes()).isEqualTo(4_387_840);
    // 8192 tokens x 2 layers x 2 KV heads x (64 + 64) x 2 bytes
    assertThat(plan.kvCacheBytes()).isEqualTo(8_388_608);
    // max(512 x 8192 x 4 heads, 512 x 604) x 4 bytes + 2 x 512 x 256 x 4 bytes
    assertThat(plan.computeBytes()).isEqualTo(67_108_864 + 1_048_576);
    assertThat(plan.outputBytes()).isEqualTo(604 * 4);
    assertThat(plan.totalBytes()).isEqualTo(80_936_304);
    assertThat(plan.layers())
        .containsExactly(
            new LayerSize(0, 1_574_912, 4_194_304), new LayerSize(1, 1_574_912, 4_194_304));
    assertThat(plan.layers().getFirst().totalBytes()).isEqualTo(5_769_216);
    assertThat(plan.otherWeightBytes()).isEqualTo(1_238_016);
  }

  @Test
  void theKvCacheGrowsWithContextAndSequences() throws IOException {
    GgufFile tiny = tiny();

    MemoryPlan small = MemoryPlanner.plan(tiny, new MemorySettings(512, 1, 512));
    MemoryPlan four = MemoryPlanner.plan(tiny, new MemorySettings(512, 4, 512));

    assertThat(small.kvCacheBytes()).isEqualTo(524_288);
    assertThat(four.kvCacheBytes()).isEqualTo(4 * 524_288);
    assertThat(four.outputBytes()).isEqualTo(4 * 604 * 4);
    assertThat(small.computeBytes()).isEqualTo(512L * 512 * 4 * 4 + 1_048_576);
  }

  @Test
  void llama3At8192TokensNeedsOneGibOfKvCache() throws IOException {
    MemoryPlan plan =
        MemoryPlanner.plan(GgufFile.read(TestData.llama3Vocab()), new MemorySettings(8192, 1, 512));

    assertThat(plan.kvCacheBytes()).isEqualTo(1L << 30);
    assertThat(plan.layers()).hasSize(32).allMatch(l -> l.kvCacheBytes() == 1L << 25);
    assertThat(plan.computeBytes()).isEqualTo(568L << 20);
    assertThat(plan.weightBytes()).isZero();
  }

  @Test
  void layerNumbersComeFromTensorNames() {
    assertThat(MemoryPlanner.layerOf("blk.0.attn_q.weight")).isZero();
    assertThat(MemoryPlanner.layerOf("blk.31.ffn_down.weight")).isEqualTo(31);
    assertThat(MemoryPlanner.layerOf("token_embd.weight")).isEqualTo(-1);
    assertThat(MemoryPlanner.layerOf("blk.x.attn_q.weight")).isEqualTo(-1);
    assertThat(MemoryPlanner.layerOf("blk..attn_q.weight")).isEqualTo(-1);
    assertThat(MemoryPlanner.layerOf("blk.12345678.attn_q.weight")).isEqualTo(-1);
  }

  @Test
  void settingsMustBePositive() {
    assertThatThrownBy(() -> new MemorySettings(0, 1, 512)).hasMessage("context must be >= 1: 0");
    assertThatThrownBy(() -> new MemorySettings(1, 0, 512)).hasMessage("parallel must be >= 1: 0");
    assertThatThrownBy(() -> new MemorySettings(1, 1, 0)).hasMessage("batch size must be >= 1: 0");
  }
}
