package io.raftlite.api;

import java.util.concurrent.CompletionStage;

/**
 * What the HTTP layer needs from a node to serve SQL. The node's gateway implements it (locally on
 * the leader, forwarded otherwise); HTTP tests use a fake.
 */
public interface SqlService {
    /** Runs {@code request} where its kind and level say it must run, on this node or the leader. */
    CompletionStage<SqlOutcome> submit(SqlRequest request, Routing routing);
}
