package dev.samovar.engine.llama;

import dev.samovar.engine.ModelFootprint;
import dev.samovar.engine.SplitMode;
import java.util.List;

/**
 * The most layers that fit in the GPUs' free memory, placed the way llama.cpp b4916 places them:
 * the last {@code n} of the model's {@code L} layers are offloaded (layer {@code L} is the output
 * layer, offloaded when {@code n = L + 1}); with split mode layer, offloaded layer {@code i} goes
 * to the first GPU whose cumulative share exceeds {@code i / n}; with split mode row every layer is
 * spread over the GPUs by their shares and the output layer stays on the main GPU; with none
 * everything is on the main GPU. Each GPU that holds a layer also needs the compute buffers and
 * {@link #RESERVE_BYTES} of headroom.
 */
final class LayerFit {
  /** Headroom left free on every GPU used: cuBLAS workspace, CUDA graphs, fragmentation. */
  static final long RESERVE_BYTES = 512L << 20;

  private LayerFit() {}

  /**
   * The layer count for {@code n_gpu_layers}, from 0 to the model's layers plus one.
   *
   * @param freeBytes each GPU's free memory
   * @param shares each GPU's share (not normalised, at least one positive), same length
   */
  static int fit(
      ModelFootprint footprint, long[] freeBytes, double[] shares, SplitMode mode, int mainGpu) {
    if (freeBytes.length != shares.length || freeBytes.length == 0) {
      throw new IllegalArgumentException(
          "need one share per GPU: " + freeBytes.length + " GPUs, " + shares.length + " shares");
    }
    int layers = footprint.layerBytes().size();
    for (int offloaded = layers + 1; offloaded > 0; offloaded--) {
      if (fits(need(footprint, offloaded, shares, mode, mainGpu), freeBytes)) {
        return offloaded;
      }
    }
    return 0;
  }

  /** The bytes each GPU needs with {@code offloaded} layers, or -1 where it holds nothing. */
  static long[] need(
      ModelFootprint footprint, int offloaded, double[] shares, SplitMode mode, int mainGpu) {
    List<Long> layerBytes = footprint.layerBytes();
    int layers = layerBytes.size();
    int first = Math.max(layers - offloaded, 0);
    int count = Math.min(offloaded, layers + 1);
    double[] cumulative = cumulative(shares);
    long[] need = new long[shares.length];
    boolean[] used = new boolean[shares.length];
    for (int layer = first; layer < first + count; layer++) {
      long bytes = layer < layers ? layerBytes.get(layer) : footprint.outputBytes();
      switch (mode) {
        case NONE -> add(need, used, mainGpu, bytes);
        case LAYER -> add(need, used, device(cumulative, (layer - first) / (double) count), bytes);
        case ROW -> {
          if (layer == layers) {
            add(need, used, mainGpu, bytes);
          } else {
            spread(need, used, shares, bytes);
          }
        }
      }
    }
    for (int gpu = 0; gpu < need.length; gpu++) {
      need[gpu] = used[gpu] ? need[gpu] + footprint.computeBytes() + RESERVE_BYTES : -1;
    }
    return need;
  }

  private static boolean fits(long[] need, long[] freeBytes) {
    for (int gpu = 0; gpu < need.length; gpu++) {
      if (need[gpu] > freeBytes[gpu]) {
        return false;
      }
    }
    return true;
  }

  private static void add(long[] need, boolean[] used, int gpu, long bytes) {
    need[gpu] += bytes;
    used[gpu] = true;
  }

  private static void spread(long[] need, boolean[] used, double[] shares, long bytes) {
    double total = 0;
    for (double share : shares) {
      total += share;
    }
    for (int gpu = 0; gpu < shares.length; gpu++) {
      if (shares[gpu] > 0) {
        add(need, used, gpu, (long) Math.ceil(bytes * (shares[gpu] / total)));
      }
    }
  }

  private static double[] cumulative(double[] shares) {
    double total = 0;
    for (double share : shares) {
      total += share;
    }
    double[] cumulative = new double[shares.length];
    double sum = 0;
    for (int gpu = 0; gpu < shares.length; gpu++) {
      sum += shares[gpu];
      cumulative[gpu] = sum / total;
    }
    return cumulative;
  }

  /** The first GPU whose cumulative share exceeds {@code position} (llama.cpp's upper_bound). */
  private static int device(double[] cumulative, double position) {
    for (int gpu = 0; gpu < cumulative.length; gpu++) {
      if (cumulative[gpu] > position) {
        return gpu;
      }
    }
    return cumulative.length - 1;
  }
}
