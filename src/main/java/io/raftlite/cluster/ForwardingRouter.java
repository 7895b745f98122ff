package io.raftlite.cluster;

import io.raftlite.api.RequestKind;
import io.raftlite.api.Routing;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlRequest;
import io.raftlite.raft.actor.LinkFaults;
import io.raftlite.raft.actor.RaftActor;
import org.apache.pekko.actor.typed.Scheduler;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sends what only the leader may serve to the leader's gateway over Pekko, or answers with its
 * address when the client asked for a redirect. A forwarded write is never retried: if no answer
 * comes, its outcome is unknown (DESIGN rule 8), because the leader may have applied it.
 */
public final class ForwardingRouter implements LeaderRouter {
    private final GatewayDirectory directory;
    private final Scheduler scheduler;
    private final LinkFaults links;

    /** @param links injected link faults: a request to a leader behind a severed link is lost, as in a partition */
    public ForwardingRouter(GatewayDirectory directory, Scheduler scheduler, LinkFaults links) {
        this.directory = directory;
        this.scheduler = scheduler;
        this.links = links;
    }

    @Override
    public CompletionStage<SqlOutcome> route(RaftActor.NotLeaderReply notLeader, SqlRequest request, Routing routing) {
        if (!(notLeader instanceof RaftActor.NotLeader known)) {
            return CompletableFuture.completedFuture(new SqlOutcome.LeaderNotFound());
        }
        var gateway = directory.gatewayOf(known.leader());
        if (gateway.isEmpty()) {
            return CompletableFuture.completedFuture(new SqlOutcome.LeaderNotFound());
        }
        if (routing.redirect()) {
            return GatewayDirectory.apiUrl(gateway.get(), scheduler).thenApply(url -> url
                    .<SqlOutcome>map(SqlOutcome.Redirect::new).orElseGet(SqlOutcome.LeaderNotFound::new));
        }
        CompletionStage<SqlOutcome> answer = links.severed(known.leader())
                ? new CompletableFuture<SqlOutcome>().orTimeout(routing.timeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                : Asks.<ClusterGateway.Command, ClusterGateway.ForwardReply>ask(gateway.get(),
                        replyTo -> new ClusterGateway.Forward(request, routing.timeout().toMillis(), replyTo), routing.timeout(), scheduler)
                .thenApply(ClusterGateway.ForwardReply::outcome);
        return answer.exceptionally(noAnswer -> request.kind() == RequestKind.QUERY
                        ? new SqlOutcome.Rejected("the leader " + known.leader() + " did not answer within "
                                + routing.timeout().toMillis() + " ms")
                        : new SqlOutcome.OutcomeUnknown("forwarded to the leader " + known.leader() + " but no answer came within "
                                + routing.timeout().toMillis() + " ms; the write may have been applied"));
    }
}
