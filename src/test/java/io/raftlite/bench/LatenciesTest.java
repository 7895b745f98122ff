package io.raftlite.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOverOneToAThousand() {
        Latencies latencies = new Latencies();
        for (long value = 1000; value >= 1; value--) { // out of order on purpose
            latencies.record(value);
        }
        assertEquals(1000, latencies.count());
        assertEquals(500, latencies.percentile(0.5));
        assertEquals(990, latencies.percentile(0.99));
        assertEquals(999, latencies.percentile(0.999));
        assertEquals(1000, latencies.percentile(1.0));
        assertEquals(1, latencies.percentile(0.0001));
    }

    @Test
    void fewSamplesRoundTheRankUp() {
        Latencies latencies = new Latencies();
        latencies.record(30);
        latencies.record(10);
        latencies.record(20);
        assertEquals(20, latencies.percentile(0.5), "rank ceil(1.5) = 2");
        assertEquals(30, latencies.percentile(0.99), "rank ceil(2.97) = 3");
        assertEquals(30, latencies.percentile(0.999));
    }

    @Test
    void mergedClientsKeepEverySample() {
        Latencies first = new Latencies();
        Latencies second = new Latencies();
        for (int i = 0; i < 3000; i++) {
            first.record(1);
            second.record(2);
        }
        first.addAll(second);
        assertEquals(6000, first.count());
        assertEquals(1, first.percentile(0.5));
        assertEquals(2, first.percentile(0.5001));
    }

    @Test
    void noSamplesGiveZero() {
        assertEquals(0, new Latencies().percentile(0.99));
    }
}
