package dev.samovar.training.hf;

/** How a Llama config scales RoPE: not at all, linearly, or Llama 3.1's frequency-dependent way. */
public sealed interface RopeScaling {

  /** Plain RoPE. */
  record None() implements RopeScaling {}

  /** Positions divided by {@code factor}. */
  record Linear(double factor) implements RopeScaling {}

  /**
   * Llama 3.1 ({@code rope_type: llama3}): low frequencies divided by {@code factor}, high ones
   * kept, the band between smoothly interpolated.
   */
  record Llama3(double factor, double lowFreqFactor, double highFreqFactor, int originalContext)
      implements RopeScaling {

    /**
     * What llama.cpp divides each rotation frequency by (its {@code rope_freqs} tensor): for pair
     * {@code i < headDim/2}, 1 for wavelengths under {@code original/high}, {@code factor} above
     * {@code original/low}, and in between {@code 1/((1-s)/factor + s)}, {@code s = (original/wl -
     * low)/(high - low)}.
     */
    public float[] frequencyDivisors(int headDim, double ropeTheta) {
      float[] divisors = new float[headDim / 2];
      double lowWavelength = originalContext / lowFreqFactor;
      double highWavelength = originalContext / highFreqFactor;
      for (int i = 0; i < divisors.length; i++) {
        double frequency = Math.pow(ropeTheta, -2.0 * i / headDim);
        double wavelength = 2 * Math.PI / frequency;
        double divisor;
        if (wavelength < highWavelength) {
          divisor = 1;
        } else if (wavelength > lowWavelength) {
          divisor = factor;
        } else {
          double smooth =
              (originalContext / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
          divisor = 1 / ((1 - smooth) / factor + smooth);
        }
        divisors[i] = (float) divisor;
      }
      return divisors;
    }
  }
}
