/**
 * {@code streamml prequential}: a labelled CSV read in the driver, learned prequentially by {@link
 * dev.streamml.online.beam.PrequentialLearning} as a Beam pipeline, the predictions written per key
 * and read back to score.
 */
package dev.streamml.pipelines.prequential;
