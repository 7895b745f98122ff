package io.raftlite.journal;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection: the next journal writes report that their fsync failed. The rows are committed
 * first, so a failed write may or may not be on disk, as after a real fsync error; the writer must
 * stop and never acknowledge it. Per JVM, because Pekko creates the plugin by reflection and a node
 * is one JVM; only the fault-control endpoint arms it.
 */
public final class InjectedSyncFailures {
    private static final AtomicInteger PENDING = new AtomicInteger();

    private InjectedSyncFailures() {
    }

    public static void failNext(int writes) {
        if (writes < 0) {
            throw new IllegalArgumentException("fail_next must be >= 0");
        }
        PENDING.set(writes);
    }

    public static int pending() {
        return PENDING.get();
    }

    /** Whether this write must fail (and one fewer is pending). */
    static boolean consume() {
        return PENDING.getAndUpdate(pending -> Math.max(0, pending - 1)) > 0;
    }
}
