package io.raftlite.api;

import java.util.concurrent.CompletionStage;

/** DELETE /remove: take a node out of the cluster (any node takes the request; it reaches the leader). */
public interface MembershipControl {
    CompletionStage<RemoveOutcome> remove(String nodeId, Routing routing);

    sealed interface RemoveOutcome {
    }

    /** The configuration without the node is committed. */
    record Removed(String nodeId) implements RemoveOutcome {
    }

    record NotMember(String nodeId) implements RemoveOutcome {
    }

    record Refused(String reason) implements RemoveOutcome {
    }

    record NoLeader() implements RemoveOutcome {
    }

    record Redirect(String leaderApiAddress) implements RemoveOutcome {
    }
}
