package io.raftlite.api;

import java.util.Locale;

/** How fresh a read must be (rqlite's {@code level}); see the README's read-consistency section. */
public enum ReadConsistency {
    /** Served from the local SQLite file of whichever node receives it, with no cluster check. */
    NONE,
    /** Served by the node that believes it is leader; not linearizable right after a leader change. */
    WEAK,
    /** Served by the leader after a quorum confirmed its leadership, once it applied the read index. */
    LINEARIZABLE,
    /** Sent through the Raft log like a write. */
    STRONG,
    /** NONE on a read replica, WEAK on a voter. */
    AUTO;

    /** rqlite semantics: case-insensitive, and any unknown value means WEAK. */
    public static ReadConsistency parse(String level) {
        if (level == null) {
            return WEAK;
        }
        try {
            return valueOf(level.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return WEAK;
        }
    }
}
