package io.raftlite.api;

/**
 * What became of a SQL request. Only {@link Answered} means it was processed; the others say
 * precisely why not, because a client must treat "not applied" and "unknown" differently (a write
 * whose outcome is unknown must not be blindly retried).
 */
public sealed interface SqlOutcome extends ApiMessage {

    /** Processed: per-statement results (individual statements may still have failed). */
    record Answered(SqlResponse response) implements SqlOutcome {
    }

    /** Refused before anything was applied (e.g. "disallowed pragma", "stale read"). */
    record Rejected(String error) implements SqlOutcome {
    }

    /** A write was handed to Raft but whether it will be applied is not known (leadership lost, timeout). */
    record OutcomeUnknown(String error) implements SqlOutcome {
    }

    /** The client asked not to be forwarded: this is the leader's HTTP API address. */
    record Redirect(String leaderApiAddress) implements SqlOutcome {
    }

    /** No leader is known, so nothing was done. */
    record LeaderNotFound() implements SqlOutcome {
    }
}
