package com.auralise.trainer.data;

/**
 * Per-mix processing drawn from the clip's seed. Everything here keeps mix == sum(stems):
 * the tilt EQ and the reverb are linear and run per stem (a stem carries its own reverb return),
 * and the bus compressor's gain is computed from the mix but multiplied into every stem alike.
 *
 * @param levelDb      per-part level (indexed by {@link Part#ordinal()}) after loudness normalisation
 * @param tiltDb       high-versus-low tilt: highs +tiltDb/2, lows -tiltDb/2
 * @param tiltHz       crossover of the tilt
 * @param reverbRoom   comb feedback (0 = no reverb)
 * @param reverbDamp   high-frequency damping in the reverb loop
 * @param reverbSend   per-part reverb send (linear gain of the wet return)
 * @param predelayMs   reverb pre-delay
 * @param compRatio    bus compressor ratio (1 = off)
 * @param compThreshDb threshold relative to the mix's peak envelope
 * @param compAttackMs attack time
 * @param compReleaseMs release time
 * @param peak         final mix peak (linear)
 */
public record MixSettings(double[] levelDb, double tiltDb, double tiltHz, double reverbRoom, double reverbDamp,
                          double[] reverbSend, double predelayMs, double compRatio, double compThreshDb,
                          double compAttackMs, double compReleaseMs, double peak) {
}
