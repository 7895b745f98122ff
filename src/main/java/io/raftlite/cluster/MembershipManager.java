package io.raftlite.cluster;

import io.raftlite.raft.actor.RaftActor;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Changes membership on the leader, one change at a time (dissertation §4.2.1). A joining node is
 * added first as a learner, which receives the log without counting for quorum; once it has caught
 * up to the commit index, it is promoted to voter. A node already a voter is answered at once, so
 * joining is idempotent. A removed node is taken out of the configuration and, once that is
 * committed, downed from the Pekko Cluster, which stops its process; a leader that removes itself
 * steps down when the change commits (§4.2.2) and is downed a moment later, after it has answered.
 */
public final class MembershipManager {
    private static final Duration RETRY = Duration.ofMillis(200);

    private MembershipManager() {
    }

    public sealed interface Command extends NoSerializationVerificationNeeded {
    }

    /** A join or a removal: one waits for the other. */
    private sealed interface Change extends Command {
        NodeId node();

        void answer(boolean done, String leader, String message);
    }

    /** @param voter false for a read replica: added as a learner and never promoted */
    public record Join(NodeId node, boolean voter, ActorRef<ClusterGateway.JoinReply> replyTo) implements Change {
        @Override
        public void answer(boolean done, String leader, String message) {
            replyTo.tell(new ClusterGateway.JoinReply(done, leader, message));
        }
    }

    public record Remove(NodeId node, ActorRef<ClusterGateway.ChangeReply> replyTo) implements Change {
        @Override
        public void answer(boolean done, String leader, String message) {
            replyTo.tell(new ClusterGateway.ChangeReply(done, leader, message));
        }
    }

    private record DownLater(org.apache.pekko.actor.Address address) implements Command {
    }

    private record StatusArrived(RaftActor.Status status) implements Command {
    }

    private record ChangeAnswered(RaftActor.ProposeReply reply) implements Command {
    }

    private enum Retry implements Command { INSTANCE }

    /** @param directory where each node's gateway is: its address is what a removed node is downed by */
    public static Behavior<Command> create(ActorRef<RaftActor.Command> raft, GatewayDirectory directory) {
        return Behaviors.withTimers(timers -> Behaviors.setup(context -> new Manager(context, timers, raft, directory).behaviour()));
    }

    private static final class Manager {
        private final ActorContext<Command> context;
        private final TimerScheduler<Command> timers;
        private final ActorRef<RaftActor.Command> raft;
        private final GatewayDirectory directory;
        private final Deque<Change> waiting = new ArrayDeque<>();
        private Change current;

        Manager(ActorContext<Command> context, TimerScheduler<Command> timers, ActorRef<RaftActor.Command> raft,
                GatewayDirectory directory) {
            this.context = context;
            this.timers = timers;
            this.raft = raft;
            this.directory = directory;
        }

        Behavior<Command> behaviour() {
            return Behaviors.receive(Command.class)
                    .onMessage(Join.class, this::onChange)
                    .onMessage(Remove.class, this::onChange)
                    .onMessage(DownLater.class, down -> {
                        org.apache.pekko.cluster.typed.Cluster.get(context.getSystem()).manager()
                                .tell(new org.apache.pekko.cluster.typed.Down(down.address()));
                        return Behaviors.same();
                    })
                    .onMessage(StatusArrived.class, arrived -> onStatus(arrived.status()))
                    .onMessage(ChangeAnswered.class, this::onChangeAnswered)
                    .onMessageEquals(Retry.INSTANCE, () -> {
                        askStatus();
                        return Behaviors.same();
                    })
                    .build();
        }

        private Behavior<Command> onChange(Change change) {
            if (current != null && current.node().equals(change.node()) && current.getClass() == change.getClass()) {
                current = change; // the same request again: answer the newest one
            } else {
                waiting.removeIf(queued -> queued.node().equals(change.node()) && queued.getClass() == change.getClass());
                waiting.add(change);
                startNext();
            }
            return Behaviors.same();
        }

        private void startNext() {
            if (current == null && !waiting.isEmpty()) {
                current = waiting.poll();
                askStatus();
            }
        }

        private void askStatus() {
            context.ask(RaftActor.Status.class, raft, Duration.ofSeconds(5), RaftActor.GetStatus::new,
                    (status, failure) -> failure == null ? new StatusArrived(status) : Retry.INSTANCE);
        }

        private Behavior<Command> onStatus(RaftActor.Status status) {
            if (current == null) {
                return Behaviors.same();
            }
            NodeId node = current.node();
            ClusterConfiguration configuration = status.configuration();
            if (!status.isLeader() && !(current instanceof Remove && removalCommitted(status, node))) {
                finish(false, status.leader().map(NodeId::value).orElse(""), "not leader");
            } else if (current instanceof Remove) {
                onRemoveStatus(status, node);
            } else if (configuration.isVoter(node) || configuration.isMember(node) && !((Join) current).voter()) {
                finish(true, status.id().value(), "member");
            } else if (!configuration.isMember(node)) {
                context.getLog().info("Adding {} to the cluster as a learner", node);
                propose(configuration.withLearner(node));
            } else if (status.matchIndexes().getOrDefault(node, 0L) >= status.commitIndex()) {
                context.getLog().info("{} has caught up; promoting it to voter", node);
                propose(configuration.withVoter(node));
            } else {
                timers.startSingleTimer(Retry.INSTANCE, RETRY); // still catching up
            }
            return Behaviors.same();
        }

        private boolean removed;

        /** Removing: propose the configuration without the node, then down it once that is committed. */
        private void onRemoveStatus(RaftActor.Status status, NodeId node) {
            if (removalCommitted(status, node)) {
                if (!removed) {
                    finish(false, status.id().value(), "not a member");
                    return;
                }
                context.getLog().info("{} is removed from the cluster; downing it", node);
                directory.gatewayOf(node).map(gateway -> gateway.path().address()).ifPresent(address ->
                        // Our own process goes down last: the answer must leave first.
                        timers.startSingleTimer(new DownLater(address), node.equals(status.id()) ? Duration.ofSeconds(2) : Duration.ZERO));
                removed = false;
                finish(true, status.leader().map(NodeId::value).orElse(""), "removed");
            } else if (status.commitIndex() >= status.configurationIndex()) {
                context.getLog().info("Removing {} from the cluster", node);
                removed = true;
                propose(status.configuration().without(node));
            } else {
                timers.startSingleTimer(Retry.INSTANCE, RETRY); // another change is still committing
            }
        }

        private static boolean removalCommitted(RaftActor.Status status, NodeId node) {
            return !status.configuration().isMember(node) && status.commitIndex() >= status.configurationIndex();
        }

        private void propose(ClusterConfiguration next) {
            context.ask(RaftActor.ProposeReply.class, raft, Duration.ofSeconds(30),
                    replyTo -> new RaftActor.ProposeConfiguration(next, replyTo),
                    (reply, failure) -> new ChangeAnswered(failure == null ? reply : new RaftActor.OutcomeUnknown("no answer")));
        }

        private Behavior<Command> onChangeAnswered(ChangeAnswered answered) {
            if (current == null) {
                return Behaviors.same();
            }
            RaftActor.ProposeReply reply = answered.reply();
            if (reply instanceof RaftActor.Committed) {
                askStatus();
            } else if (reply instanceof RaftActor.NotLeader notLeader) {
                finish(false, notLeader.leader().value(), "not leader");
            } else if (reply instanceof RaftActor.LeaderUnknown) {
                finish(false, "", "no leader");
            } else {
                timers.startSingleTimer(Retry.INSTANCE, RETRY); // refused for now, or unknown: look again
            }
            return Behaviors.same();
        }

        private void finish(boolean done, String leader, String message) {
            current.answer(done, leader, message);
            current = null;
            removed = false;
            startNext();
        }
    }
}
