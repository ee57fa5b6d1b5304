package dev.streamml.online;

/**
 * An {@link OnlineModel} whose state is a sufficient statistic that adds up: two copies of the same
 * untrained model that learned two sets of rows, merged, predict as one model that learned both
 * (up to floating-point rounding), in any order. This lets one model learn in parallel: each
 * worker learns its share of a mini-batch, the shares are merged, the batch merged into the model
 * ({@link dev.streamml.online.beam.GlobalModel}).
 *
 * <pre>{@code
 * MergeableModel left = OnlineGaussianNaiveBayes.create(2);
 * MergeableModel right = OnlineGaussianNaiveBayes.create(2);
 * left.learn(x1, 0);
 * right.learn(x2, 1);
 * left.merge(right); // as if left had learned x1 then x2
 * }</pre>
 */
public interface MergeableModel extends OnlineModel {

  /**
   * Adds what {@code other} learned to this model; {@link #version()} becomes the sum.
   *
   * @throws IllegalArgumentException if {@code other} is another kind of model, or has other
   *     settings or another number of features
   */
  void merge(MergeableModel other);

  @Override
  MergeableModel copy();
}
