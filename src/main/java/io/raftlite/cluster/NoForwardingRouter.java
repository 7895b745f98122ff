package io.raftlite.cluster;

import io.raftlite.api.Routing;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlRequest;
import io.raftlite.raft.actor.RaftActor;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The router for requests another node forwarded here: they are served as the leader or not at
 * all, so a request is never forwarded a second time. "leader not found" when no leader is known,
 * otherwise a refusal naming the new leader. Nothing was applied either way, so the refusal is sure.
 */
public final class NoForwardingRouter implements LeaderRouter {
    @Override
    public CompletionStage<SqlOutcome> route(RaftActor.NotLeaderReply notLeader, SqlRequest request, Routing routing) {
        if (notLeader instanceof RaftActor.NotLeader known) {
            return CompletableFuture.completedFuture(new SqlOutcome.Rejected("not leader: leadership moved to "
                    + known.leader() + " while the request was forwarded; nothing was applied"));
        }
        return CompletableFuture.completedFuture(new SqlOutcome.LeaderNotFound());
    }
}
