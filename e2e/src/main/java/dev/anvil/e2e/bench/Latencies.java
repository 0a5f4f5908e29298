package dev.anvil.e2e.bench;

import java.util.Arrays;

/** Durations of repeated operations: how many, their total wall time, and their percentiles. */
record Latencies(int count, long wallNanos, long[] sortedNanos) {

  /** Operations run one after another: the wall time is the sum of their durations. */
  static Latencies sequential(long[] nanos) {
    return of(nanos, Arrays.stream(nanos).sum());
  }

  /** Operations that overlapped (several threads) within {@code wallNanos}. */
  static Latencies of(long[] nanos, long wallNanos) {
    var sorted = nanos.clone();
    Arrays.sort(sorted);
    return new Latencies(nanos.length, wallNanos, sorted);
  }

  /** These and {@code more}, as if one ran after the other. */
  Latencies plus(Latencies more) {
    var all = Arrays.copyOf(sortedNanos, count + more.count);
    System.arraycopy(more.sortedNanos, 0, all, count, more.count);
    Arrays.sort(all);
    return new Latencies(all.length, wallNanos + more.wallNanos, all);
  }

  double perSecond() {
    return count * 1e9 / wallNanos;
  }

  /** The duration at a percentile (nearest rank), in milliseconds. */
  double millis(int percentile) {
    int rank = (int) Math.ceil(percentile / 100.0 * sortedNanos.length);
    return sortedNanos[Math.max(0, rank - 1)] / 1e6;
  }
}
