package io.raftlite.api;

import java.util.concurrent.CompletionStage;

/** What the HTTP layer needs to report a node's state (/status, /readyz) and the cluster's (/nodes, /leader). */
public interface NodeStatus {
    CompletionStage<StatusReport> report();

    /** Every member of this node's configuration, each probed for reachability. */
    CompletionStage<java.util.List<NodeReport>> nodes();
}
