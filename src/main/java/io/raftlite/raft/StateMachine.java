package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;

import java.util.List;

/**
 * What Raft replicates into: committed entries are applied in index order, exactly once per index.
 * A durable state machine records its last applied index atomically with the entries' effects, so
 * after a restart it neither applies an entry twice nor skips one. The SQLite state machine is one
 * implementation; tests use an in-memory one.
 */
public interface StateMachine {
    /** Result of an entry with nothing to report (a no-op). */
    Object NO_RESULT = "no result";

    /** The highest index applied so far (0 for a fresh state machine). */
    long lastAppliedIndex();

    /**
     * Applies consecutive committed entries, starting right after {@link #lastAppliedIndex()}, and
     * returns one result per entry, in order.
     */
    List<Object> apply(List<LogEntry> entries);
}
