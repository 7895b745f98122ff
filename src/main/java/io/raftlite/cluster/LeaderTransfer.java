package io.raftlite.cluster;

import io.raftlite.api.LeaderControl;
import io.raftlite.api.Routing;
import io.raftlite.raft.actor.RaftActor;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Leadership transfer from any node: done here on the leader, otherwise asked of the leader's gateway. */
public final class LeaderTransfer implements LeaderControl {
    private final ActorRef<RaftActor.Command> raft;
    private final GatewayDirectory directory;
    private final Scheduler scheduler;

    public LeaderTransfer(ActorRef<RaftActor.Command> raft, GatewayDirectory directory, Scheduler scheduler) {
        this.raft = raft;
        this.directory = directory;
        this.scheduler = scheduler;
    }

    @Override
    public CompletionStage<TransferOutcome> transferLeadership(Optional<String> target, Routing routing) {
        return local(raft, target, scheduler).thenCompose(reply -> {
            if (reply instanceof RaftActor.NotLeader notLeader) {
                return viaLeader(notLeader.leader(), target, routing);
            }
            return CompletableFuture.completedFuture(outcome(reply));
        });
    }

    static CompletionStage<RaftActor.TransferReply> local(ActorRef<RaftActor.Command> raft, Optional<String> target, Scheduler scheduler) {
        return Asks.ask(raft, replyTo -> new RaftActor.TransferLeadership(target.map(NodeId::of), replyTo),
                Duration.ofSeconds(5), scheduler);
    }

    static TransferOutcome outcome(RaftActor.TransferReply reply) {
        if (reply instanceof RaftActor.TransferStarted started) {
            return new Started(started.target().value());
        }
        if (reply instanceof RaftActor.TransferRefused refused) {
            return new Refused(refused.reason());
        }
        return new NoLeader();
    }

    private CompletionStage<TransferOutcome> viaLeader(NodeId leader, Optional<String> target, Routing routing) {
        var gateway = directory.gatewayOf(leader);
        if (gateway.isEmpty()) {
            return CompletableFuture.completedFuture(new NoLeader());
        }
        if (routing.redirect()) {
            return GatewayDirectory.apiUrl(gateway.get(), scheduler).thenApply(url -> url
                    .<TransferOutcome>map(Redirect::new).orElseGet(NoLeader::new));
        }
        return Asks.<ClusterGateway.Command, ClusterGateway.TransferAnswer>ask(gateway.get(),
                        replyTo -> new ClusterGateway.Transfer(target.orElse(""), replyTo), routing.timeout(), scheduler)
                .<TransferOutcome>thenApply(answer -> answer.started() ? new Started(answer.target())
                        : answer.leaderless() ? new NoLeader() : new Refused(answer.reason()))
                .exceptionally(noAnswer -> new Refused("the leader " + leader + " did not answer"));
    }
}
