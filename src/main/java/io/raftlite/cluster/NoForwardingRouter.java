package io.raftlite.cluster;

import io.raftlite.api.Routing;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlRequest;
import io.raftlite.raft.actor.RaftActor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The router of a node that cannot yet forward to the leader: "leader not found" when no leader is
 * known, otherwise an explicit refusal that names the leader. Nothing is applied either way.
 */
public final class NoForwardingRouter implements LeaderRouter {
    @Override
    public CompletionStage<SqlOutcome> route(RaftActor.NotLeaderReply notLeader, SqlRequest request, Routing routing) {
        if (notLeader instanceof RaftActor.NotLeader known) {
            return CompletableFuture.completedFuture(new SqlOutcome.Rejected("not leader: node " + known.leader()
                    + " is the leader; forwarding between nodes is not available in this version, send the request there"));
        }
        return CompletableFuture.completedFuture(new SqlOutcome.LeaderNotFound());
    }
}
