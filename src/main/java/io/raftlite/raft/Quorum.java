package io.raftlite.raft;

import java.util.Arrays;

/** Majority arithmetic, kept apart so it can be tested on its own. */
final class Quorum {
    private Quorum() {
    }

    /** The highest index that at least {@code quorum} of the given match indexes have reached. */
    static long committedIndex(long[] matchIndexes, int quorum) {
        long[] sorted = matchIndexes.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length - quorum];
    }
}
