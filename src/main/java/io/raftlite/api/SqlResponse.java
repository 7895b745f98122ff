package io.raftlite.api;

import java.util.List;

/**
 * The answer to a request that was processed: one result per statement that ran, the Raft index
 * of the log entry that carried it (0 for reads that did not go through the log), and the total
 * time in seconds.
 */
public record SqlResponse(List<StatementResult> results, long raftIndex, double seconds) implements ApiMessage {
    public SqlResponse {
        results = List.copyOf(results);
    }
}
