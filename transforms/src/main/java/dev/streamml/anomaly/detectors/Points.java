package dev.streamml.anomaly.detectors;

/** Argument checks shared by the detectors. */
final class Points {

  private Points() {}

  /** Checks that {@code point} has {@code dimension} features, or any number if dimension is 0. */
  static void checkDimension(double[] point, int dimension) {
    if (point == null || point.length == 0) {
      throw new IllegalArgumentException("point should have at least one feature");
    }
    if (dimension != 0 && point.length != dimension) {
      throw new IllegalArgumentException(
          "point has "
              + point.length
              + " features but the detector learned points with "
              + dimension
              + "; use one detector per kind of point");
    }
  }

  static void checkPositive(String what, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(what + " should be a positive number, got " + value);
    }
  }

  static void checkAtLeast(String what, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(what + " should be at least " + min + ", got " + value);
    }
  }
}
