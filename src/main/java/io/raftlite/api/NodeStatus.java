package io.raftlite.api;

import java.util.concurrent.CompletionStage;

/** What the HTTP layer needs to report a node's state (/status, /readyz). */
public interface NodeStatus {
    CompletionStage<StatusReport> report();
}
