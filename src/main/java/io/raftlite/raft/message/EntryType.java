package io.raftlite.raft.message;

/** What a log entry carries. */
public enum EntryType {
    /** Appended by every new leader at the start of its term (Raft §5.4.2, §6.4). */
    NOOP,
    /** An opaque command for the state machine. */
    COMMAND,
    /** A new {@link ClusterConfiguration}; it takes effect as soon as it is in a log (§4.1). */
    CONFIGURATION
}
