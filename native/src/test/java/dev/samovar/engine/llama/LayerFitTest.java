package dev.samovar.engine.llama;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samovar.engine.ModelFootprint;
import dev.samovar.engine.SplitMode;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LayerFitTest {
  private static final long MIB = 1L << 20;
  private static final long GIB = 1L << 30;
  private static final long RESERVE = LayerFit.RESERVE_BYTES;

  /** Llama-3-8B Q4_K_M with an 8192-token context: 32 layers of ~140 MiB + 1 GiB KV / 32. */
  private static final ModelFootprint LLAMA_8B =
      new ModelFootprint(Collections.nCopies(32, 172 * MIB), 1002 * MIB, 568 * MIB);

  /** 4 layers of 100 MiB, output 50 MiB, compute 10 MiB. */
  private static final ModelFootprint SMALL =
      new ModelFootprint(Collections.nCopies(4, 100 * MIB), 50 * MIB, 10 * MIB);

  @Test
  void everythingFitsOnOneLargeGpu() {
    assertThat(LayerFit.fit(LLAMA_8B, new long[] {79 * GIB}, new double[] {1}, SplitMode.LAYER, 0))
        .isEqualTo(33);
  }

  @Test
  void aSmallGpuTakesTheLastLayersThatFit() {
    // 4 layers + output + compute + reserve = 400 + 50 + 10 MiB + reserve
    long all = 460 * MIB + RESERVE;
    assertThat(fitOne(all)).isEqualTo(5);
    assertThat(fitOne(all - 1)).as("the output layer no longer fits").isEqualTo(4);
    assertThat(fitOne(410 * MIB + RESERVE)).isEqualTo(4);
    assertThat(fitOne(410 * MIB + RESERVE - 1)).isEqualTo(3);
    assertThat(fitOne(110 * MIB + RESERVE)).isEqualTo(1);
    assertThat(fitOne(110 * MIB + RESERVE - 1)).isZero();
    assertThat(fitOne(0)).isZero();
  }

  @Test
  void layerSplitFollowsLlamaCppsUpperBound() {
    // 5 offloaded layers over shares 1:1 -> positions 0, .2, .4 on GPU 0; .6, .8 on GPU 1
    long[] need = LayerFit.need(SMALL, 5, new double[] {1, 1}, SplitMode.LAYER, 0);
    assertThat(need)
        .containsExactly(300 * MIB + 10 * MIB + RESERVE, 150 * MIB + 10 * MIB + RESERVE);
    // 3 of 4 layers (1, 2, 3) over shares 3:1 -> positions 0, 1/3, 2/3 all below .75
    assertThat(LayerFit.need(SMALL, 3, new double[] {3, 1}, SplitMode.LAYER, 0))
        .containsExactly(300 * MIB + 10 * MIB + RESERVE, -1);
  }

  @Test
  void twoGpusHoldWhatOneCannot() {
    long[] free = {3 * GIB + 512 * MIB, 3 * GIB + 512 * MIB};
    assertThat(LayerFit.fit(LLAMA_8B, new long[] {free[0]}, new double[] {1}, SplitMode.LAYER, 0))
        .isEqualTo(14);
    assertThat(LayerFit.fit(LLAMA_8B, free, new double[] {1, 1}, SplitMode.LAYER, 0)).isEqualTo(28);
  }

  @Test
  void rowSplitSpreadsEveryLayerAndKeepsTheOutputOnTheMainGpu() {
    long[] need = LayerFit.need(SMALL, 5, new double[] {1, 1}, SplitMode.ROW, 1);
    assertThat(need)
        .containsExactly(200 * MIB + 10 * MIB + RESERVE, 250 * MIB + 10 * MIB + RESERVE);
  }

  @Test
  void splitModeNonePutsEverythingOnTheMainGpu() {
    long[] need = LayerFit.need(SMALL, 5, new double[] {1, 1}, SplitMode.NONE, 1);
    assertThat(need).containsExactly(-1, 450 * MIB + 10 * MIB + RESERVE);
    assertThat(
            LayerFit.fit(
                SMALL,
                new long[] {100 * GIB, 200 * MIB + RESERVE},
                new double[] {1, 1},
                SplitMode.NONE,
                1))
        .isEqualTo(1);
  }

  @Test
  void aModelWithoutLayersOffloadsItsOutputAtMost() {
    ModelFootprint none = new ModelFootprint(List.of(), 10 * MIB, 0);
    assertThat(LayerFit.fit(none, new long[] {GIB}, new double[] {1}, SplitMode.LAYER, 0))
        .isEqualTo(1);
  }

  private static int fitOne(long free) {
    return LayerFit.fit(SMALL, new long[] {free}, new double[] {1}, SplitMode.LAYER, 0);
  }
}
