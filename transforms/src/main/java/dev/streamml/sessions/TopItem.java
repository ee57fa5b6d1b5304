package dev.streamml.sessions;

import java.io.Serializable;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * One heavy hitter of a {@link TrafficWindow}: an item (a URL or a host), its estimated count and
 * the bounds the sketch guarantees for the true count. While a window holds fewer distinct items
 * than the sketch tracks, the estimate is exact and both bounds equal it.
 *
 * <pre>{@code
 * for (TopItem url : window.topUrls()) {
 *   System.out.println(url.item() + " " + url.estimate());
 * }
 * }</pre>
 */
public final class TopItem implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String item;
  private final long estimate;
  private final long lowerBound;
  private final long upperBound;

  private TopItem(String item, long estimate, long lowerBound, long upperBound) {
    this.item = Objects.requireNonNull(item, "item");
    this.estimate = estimate;
    this.lowerBound = lowerBound;
    this.upperBound = upperBound;
  }

  public static TopItem of(String item, long estimate, long lowerBound, long upperBound) {
    return new TopItem(item, estimate, lowerBound, upperBound);
  }

  public String item() {
    return item;
  }

  public long estimate() {
    return estimate;
  }

  public long lowerBound() {
    return lowerBound;
  }

  public long upperBound() {
    return upperBound;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    if (!(other instanceof TopItem)) {
      return false;
    }
    TopItem that = (TopItem) other;
    return item.equals(that.item)
        && estimate == that.estimate
        && lowerBound == that.lowerBound
        && upperBound == that.upperBound;
  }

  @Override
  public int hashCode() {
    return Objects.hash(item, estimate, lowerBound, upperBound);
  }

  @Override
  public String toString() {
    return item + "=" + estimate + (lowerBound == upperBound ? "" : "[" + lowerBound + ","
        + upperBound + "]");
  }
}
