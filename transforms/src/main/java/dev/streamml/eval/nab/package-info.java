/**
 * Numenta Anomaly Benchmark (NAB v1.1) scoring in plain Java, matching NAB's {@code Sweeper},
 * optimizer and normalisation.
 *
 * <p>A caller describes each labelled series as a {@link dev.streamml.eval.nab.NabSeries}: its row
 * timestamps, the detector's anomaly score per row and the labelled {@link
 * dev.streamml.eval.nab.NabWindow}s. {@link dev.streamml.eval.nab.NabScorer} sweeps one threshold
 * over the whole corpus for a {@link dev.streamml.eval.nab.NabProfile} and returns a {@link
 * dev.streamml.eval.nab.NabResult}: the chosen threshold, raw and normalised score, row counts and
 * a {@link dev.streamml.eval.nab.NabSeriesScore} per series. No Beam, no file IO.
 *
 * <pre>{@code
 * List<NabSeries> corpus = List.of(
 *     NabSeries.of("realKnownCause/nyc_taxi.csv", timestamps, scores, windows));
 * for (NabProfile profile : NabProfile.standardProfiles()) {
 *   NabResult result = NabScorer.create().score(corpus, profile);
 *   System.out.printf("%s %.1f%n", profile.getName(), result.getNormalizedScore());
 * }
 * }</pre>
 */
package dev.streamml.eval.nab;
