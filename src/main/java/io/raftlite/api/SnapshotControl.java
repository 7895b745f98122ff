package io.raftlite.api;

import java.util.concurrent.CompletionStage;

/** POST /snapshot: compact this node's Raft log now. */
public interface SnapshotControl {
    /** Makes the database durable and drops the log entries it covers. */
    CompletionStage<Compaction> compactLog();

    /** The log now starts after {@code snapshotIndex}; it started after {@code previousIndex} before. */
    record Compaction(long previousIndex, long snapshotIndex) {
        public boolean changed() {
            return snapshotIndex > previousIndex;
        }
    }
}
