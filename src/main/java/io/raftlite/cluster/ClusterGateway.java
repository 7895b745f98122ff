package io.raftlite.cluster;

import io.raftlite.api.Routing;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlRequest;
import io.raftlite.api.SqlService;
import io.raftlite.raft.actor.Incarnations;
import io.raftlite.raft.message.CborSerializable;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.time.Duration;

/**
 * A node's endpoint for other nodes (over Artery): requests forwarded by followers, joins, and its
 * HTTP address for redirects. Registered with the receptionist as {@code gateway-<node id>}.
 */
public final class ClusterGateway {
    public static final ServiceKey<Command> GATEWAYS = ServiceKey.create(Command.class, "gateways");
    private static final String NAME_PREFIX = "gateway-";

    private ClusterGateway() {
    }

    public sealed interface Command extends CborSerializable {
    }

    /** A follower's request, already prepared by it; never forwarded again from here. */
    public record Forward(SqlRequest request, long timeoutMillis, ActorRef<ForwardReply> replyTo) implements Command {
    }

    public record ForwardReply(SqlOutcome outcome) implements CborSerializable {
    }

    /** A new node asks to be added to the cluster, as a voter or as a read replica (a learner for good). */
    public record Join(NodeId node, boolean voter, ActorRef<JoinReply> replyTo) implements Command {
    }

    /** {@code joined}, or why not: the leader to ask instead ("" if unknown) and a message. */
    public record JoinReply(boolean joined, String leader, String message) implements CborSerializable {
    }

    /** Remove a node from the cluster, asked by another node; only the leader does it. */
    public record Remove(NodeId node, ActorRef<ChangeReply> replyTo) implements Command {
    }

    /**
     * How a membership change ended: {@code done}, or why not: the leader to ask instead ("" if
     * unknown) and a message ({@code "not a member"} when there was nothing to remove).
     */
    public record ChangeReply(boolean done, String leader, String message) implements CborSerializable {
    }

    public record GetNodeInfo(ActorRef<NodeInfo> replyTo) implements Command {
    }

    /** Leadership transfer asked by another node ({@code target} "" for the most up-to-date voter); never forwarded again. */
    public record Transfer(String target, ActorRef<TransferAnswer> replyTo) implements Command {
    }

    public record TransferAnswer(boolean started, String target, boolean leaderless, String reason) implements CborSerializable {
    }

    /** @param hasLog the node already has Raft state (so it belongs to a cluster and must not bootstrap one) */
    public record NodeInfo(NodeId node, String apiAddress, String raftAddress, String version, boolean hasLog)
            implements CborSerializable {
    }

    public static String actorName(NodeId id) {
        return NAME_PREFIX + id.value();
    }

    static NodeId nodeOf(ActorRef<?> gateway) {
        return Incarnations.nodeOf(gateway, NAME_PREFIX);
    }

    /**
     * @param leaderOnly serves forwarded requests as the leader or not at all, so a request is never
     *                   forwarded twice (a loop, or a write proposed by two leaders)
     */
    public static Behavior<Command> create(NodeId self, String apiAddress, String raftAddress, String version,
                                           SqlService leaderOnly, ActorRef<MembershipManager.Command> membership,
                                           ActorRef<io.raftlite.raft.actor.RaftActor.Command> raft) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(GATEWAYS, context.getSelf()));
            return Behaviors.receive(Command.class)
                    .onMessage(Forward.class, forward -> {
                        leaderOnly.submit(forward.request(), new Routing(false, Duration.ofMillis(forward.timeoutMillis())))
                                .whenComplete((outcome, failure) -> forward.replyTo().tell(new ForwardReply(failure == null ? outcome
                                        : new SqlOutcome.OutcomeUnknown("the leader failed while serving it: " + failure.getMessage()))));
                        return Behaviors.same();
                    })
                    .onMessage(Join.class, join -> {
                        membership.tell(new MembershipManager.Join(join.node(), join.voter(), join.replyTo()));
                        return Behaviors.same();
                    })
                    .onMessage(Remove.class, remove -> {
                        membership.tell(new MembershipManager.Remove(remove.node(), remove.replyTo()));
                        return Behaviors.same();
                    })
                    .onMessage(Transfer.class, transfer -> {
                        LeaderTransfer.local(raft, transfer.target().isEmpty() ? java.util.Optional.empty()
                                : java.util.Optional.of(transfer.target()), context.getSystem().scheduler())
                                .whenComplete((reply, failure) -> {
                                    var outcome = failure == null ? LeaderTransfer.outcome(reply)
                                            : new io.raftlite.api.LeaderControl.Refused("no answer from Raft");
                                    transfer.replyTo().tell(outcome instanceof io.raftlite.api.LeaderControl.Started started
                                            ? new TransferAnswer(true, started.target(), false, "")
                                            : outcome instanceof io.raftlite.api.LeaderControl.Refused refused
                                            ? new TransferAnswer(false, "", false, refused.reason())
                                            : new TransferAnswer(false, "", true, "no leader"));
                                });
                        return Behaviors.same();
                    })
                    .onMessage(GetNodeInfo.class, ask -> {
                        Asks.<io.raftlite.raft.actor.RaftActor.Command,
                                        io.raftlite.raft.actor.RaftActor.Status>ask(raft, io.raftlite.raft.actor.RaftActor.GetStatus::new,
                                        Duration.ofSeconds(5), context.getSystem().scheduler())
                                .whenComplete((status, failure) -> {
                                    if (status != null) {
                                        ask.replyTo().tell(new NodeInfo(self, apiAddress, raftAddress, version, status.lastIndex() > 0));
                                    }
                                });
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
