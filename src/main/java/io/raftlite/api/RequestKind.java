package io.raftlite.api;

/** The three SQL endpoints of the rqlite API. */
public enum RequestKind {
    /** {@code /db/execute}: statements go through the Raft log and are applied on every node. */
    EXECUTE,
    /** {@code /db/query}: statements run on a read-only connection, where the level says. */
    QUERY,
    /** {@code /db/request}: read-only requests are served like queries, anything else like execute. */
    REQUEST
}
