package io.raftlite.raft.sim;

/**
 * How unreliable the simulated network is (labrpc's knobs, generalised).
 *
 * @param dropRate      chance a message is lost
 * @param duplicateRate chance a message is delivered twice
 * @param longDelayRate chance a message is held back 200-2200 ms (long reordering)
 * @param maxLatencyMs  normal one-way latency is 1..maxLatencyMs
 */
record NetworkFaults(double dropRate, double duplicateRate, double longDelayRate, int maxLatencyMs) {
    static final NetworkFaults RELIABLE = new NetworkFaults(0, 0, 0, 10);
    static final NetworkFaults UNRELIABLE = new NetworkFaults(0.1, 0.03, 0, 26);
    static final NetworkFaults UNRELIABLE_REORDERING = new NetworkFaults(0.1, 0.03, 0.3, 26);
}
