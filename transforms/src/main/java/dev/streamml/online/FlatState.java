package dev.streamml.online;

import java.util.Arrays;

/**
 * Writes a structured state into one {@code double[]} and reads it back, for the snapshot of tree
 * models and ensembles. Integers and counts up to 2^53 are exact as doubles; a 64-bit generator
 * state is written as two 32-bit halves.
 */
final class FlatState {
  private FlatState() {}

  static final class Writer {
    private double[] buf = new double[64];
    private int size;

    Writer add(double v) {
      if (size == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[size++] = v;
      return this;
    }

    Writer add(boolean b) {
      return add(b ? 1.0 : 0.0);
    }

    Writer addBits(long bits) {
      add((double) (bits >>> 32));
      return add((double) (bits & 0xffffffffL));
    }

    /** Length, then the values. */
    Writer addArray(double[] values) {
      add(values.length);
      for (double v : values) {
        add(v);
      }
      return this;
    }

    double[] toArray() {
      return Arrays.copyOf(buf, size);
    }
  }

  static final class Reader {
    private final double[] data;
    private int pos;

    Reader(double[] data) {
      this.data = data;
    }

    double next() {
      if (pos >= data.length) {
        throw new IllegalArgumentException(
            "snapshot state ends early at position " + pos + "; it was cut or is of another model");
      }
      return data[pos++];
    }

    int nextInt() {
      return (int) next();
    }

    boolean nextBool() {
      return next() != 0.0;
    }

    long nextBits() {
      long hi = (long) next();
      long lo = (long) next();
      return (hi << 32) | lo;
    }

    double[] nextArray() {
      double[] values = new double[nextInt()];
      for (int i = 0; i < values.length; i++) {
        values[i] = next();
      }
      return values;
    }

    void expectEnd() {
      if (pos != data.length) {
        throw new IllegalArgumentException(
            "snapshot state has " + (data.length - pos) + " values left over at position " + pos);
      }
    }
  }
}
