package dev.streamml.anomaly.detectors;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The last {@code capacity} values of one feature, kept twice: in arrival order (a ring buffer, to
 * know which value leaves) and sorted (to read order statistics in constant time). Adding a value
 * costs O(capacity) for the shift in the sorted array; memory is two arrays of {@code capacity}.
 */
final class SortedWindow implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double[] ring;
  private final double[] sorted;
  private int next;
  private int size;

  SortedWindow(int capacity) {
    this.ring = new double[capacity];
    this.sorted = new double[capacity];
  }

  private SortedWindow(SortedWindow other) {
    this.ring = other.ring.clone();
    this.sorted = other.sorted.clone();
    this.next = other.next;
    this.size = other.size;
  }

  SortedWindow copy() {
    return new SortedWindow(this);
  }

  int size() {
    return size;
  }

  void add(double value) {
    if (size == ring.length) {
      remove(ring[next]);
    }
    ring[next] = value;
    next = (next + 1) % ring.length;
    int at = Arrays.binarySearch(sorted, 0, size, value);
    if (at < 0) {
      at = -at - 1;
    }
    System.arraycopy(sorted, at, sorted, at + 1, size - at);
    sorted[at] = value;
    size++;
  }

  private void remove(double value) {
    int at = Arrays.binarySearch(sorted, 0, size, value);
    System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
    size--;
  }

  /** Quantile {@code q} in [0, 1] by linear interpolation between order statistics (R type 7). */
  double quantile(double q) {
    double h = (size - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, size - 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  double median() {
    return quantile(0.5);
  }

  /**
   * Median of {@code |x - center|} over the window, found in O(size) by walking outwards from
   * {@code center} in the sorted array (the deviations on each side are already sorted).
   */
  double medianAbsoluteDeviation(double center) {
    int right = Arrays.binarySearch(sorted, 0, size, center);
    if (right < 0) {
      right = -right - 1;
    }
    int left = right - 1;
    // The k-th and (k+1)-th smallest deviations give the median for an even size.
    int lower = (size - 1) / 2;
    int upper = size / 2;
    double lowerValue = 0;
    for (int k = 0; k <= upper; k++) {
      double d;
      if (left < 0) {
        d = sorted[right++] - center;
      } else if (right >= size) {
        d = center - sorted[left--];
      } else if (center - sorted[left] <= sorted[right] - center) {
        d = center - sorted[left--];
      } else {
        d = sorted[right++] - center;
      }
      if (k == lower) {
        lowerValue = d;
      }
      if (k == upper) {
        return (lowerValue + d) / 2.0;
      }
    }
    throw new IllegalStateException("empty window");
  }

  /** Mean of {@code |x - center|} over the window. */
  double meanAbsoluteDeviation(double center) {
    double sum = 0;
    for (int i = 0; i < size; i++) {
      sum += Math.abs(sorted[i] - center);
    }
    return sum / size;
  }
}
