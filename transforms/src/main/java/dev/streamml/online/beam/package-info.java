/**
 * Online models as Beam transforms: {@link dev.streamml.online.beam.PrequentialLearning} predicts
 * then learns each keyed event in event-time order, one {@link dev.streamml.online.OnlineModel}
 * per key held in state.
 */
package dev.streamml.online.beam;
