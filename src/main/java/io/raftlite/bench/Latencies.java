package io.raftlite.bench;

import java.util.Arrays;

/** Latencies of successful requests, in nanoseconds; percentiles by nearest rank. */
final class Latencies {
    private long[] nanos = new long[1024];
    private int count;

    void record(long latencyNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.count; i++) {
            record(other.nanos[i]);
        }
    }

    int count() {
        return count;
    }

    /** The smallest latency that at least {@code fraction} of the samples do not exceed (nearest rank). */
    long percentile(double fraction) {
        if (count == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(fraction * count);
        return sorted[Math.max(0, Math.min(count, rank) - 1)];
    }
}
