package dev.streamml.drift;

/** Argument checks shared by the detectors, with messages that say what to fix. */
final class Checks {
  private Checks() {}

  static void checkAtLeast(String name, long value, long min) {
    if (value < min) {
      throw new IllegalArgumentException(name + " should be at least " + min + ", got " + value);
    }
  }

  static void checkPositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " should be a finite positive number, got " + value);
    }
  }

  static void checkNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          name + " should be a finite non-negative number, got " + value);
    }
  }

  static void checkOpenUnit(String name, double value) {
    if (!(value > 0 && value < 1)) {
      throw new IllegalArgumentException(
          name + " should lie strictly between 0 and 1, got " + value);
    }
  }

  static void checkFinite(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("values should be finite, got " + value);
    }
  }
}
