/**
 * Online (incremental) learners behind one small interface, {@link dev.streamml.online.OnlineModel}:
 * each learns one labelled row at a time, predicts at any time, copies deeply and exports its whole
 * state as a {@link dev.streamml.online.ModelSnapshot} that {@link
 * dev.streamml.online.OnlineModels#fromSnapshot} restores for a warm start.
 *
 * <p>The models are plain Java: no Beam type appears in them, so a DoFn may hold one in a state
 * cell with {@link dev.streamml.online.OnlineModelCoder}. Every model is deterministic: the same
 * rows in the same order give bit-identical predictions (seeded generators only, arrays rather
 * than hash maps).
 */
package dev.streamml.online;
