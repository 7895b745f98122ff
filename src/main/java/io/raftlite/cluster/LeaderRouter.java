package io.raftlite.cluster;

import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlRequest;
import io.raftlite.api.Routing;
import io.raftlite.raft.actor.RaftActor;

import java.util.concurrent.CompletionStage;

/** Takes a request this node may not serve because it is not the leader: forwards it, redirects, or says why not. */
public interface LeaderRouter {
    /** @param request already prepared (rewritten) by this node; the leader must not rewrite it again */
    CompletionStage<SqlOutcome> route(RaftActor.NotLeaderReply notLeader, SqlRequest request, Routing routing);
}
