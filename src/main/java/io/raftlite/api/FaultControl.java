package io.raftlite.api;

import java.util.List;

/**
 * Fault injection for tests (the /admin endpoints, present only when the node's config enables
 * fault control): lossy or severed links to peers, failing fsyncs, and a power cut.
 */
public interface FaultControl {
    /**
     * Faults on the link with {@code peer} in direction {@code in}, {@code out} or {@code both}.
     *
     * @param drop           probability that a message is lost
     * @param duplicate      probability that a message is delivered twice
     * @param minDelayMillis a message is delivered after a uniform delay between these two
     * @param blackhole      every message is lost
     */
    record LinkRule(String peer, String direction, double drop, double duplicate, long minDelayMillis, long maxDelayMillis,
                    boolean blackhole) {
    }

    /** Replaces all link rules (an empty list heals every link). @throws IllegalArgumentException for a bad rule */
    void setLinkRules(List<LinkRule> rules);

    List<LinkRule> linkRules();

    /** The next {@code writes} durable writes of the Raft log fail; the node then stops and exits non-zero. */
    void failNextSyncs(int writes);

    /**
     * Halts the process at once, without shutdown. With {@code powerLoss}, first discards what was
     * written but not fsynced (the database's unsynced WAL frames), as a power cut would.
     */
    void crash(boolean powerLoss);
}
