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
 * Adds joining nodes on the leader, one at a time (dissertation §4.2.1): first as a learner, which
 * receives the log without counting for quorum; once it has caught up to the commit index, it is
 * promoted to voter. A node already a voter is answered at once, so joining is idempotent.
 */
public final class MembershipManager {
    private static final Duration RETRY = Duration.ofMillis(200);

    private MembershipManager() {
    }

    public sealed interface Command extends NoSerializationVerificationNeeded {
    }

    public record Join(NodeId node, ActorRef<ClusterGateway.JoinReply> replyTo) implements Command {
    }

    private record StatusArrived(RaftActor.Status status) implements Command {
    }

    private record ChangeAnswered(RaftActor.ProposeReply reply) implements Command {
    }

    private enum Retry implements Command { INSTANCE }

    public static Behavior<Command> create(ActorRef<RaftActor.Command> raft) {
        return Behaviors.withTimers(timers -> Behaviors.setup(context -> new Manager(context, timers, raft).behaviour()));
    }

    private static final class Manager {
        private final ActorContext<Command> context;
        private final TimerScheduler<Command> timers;
        private final ActorRef<RaftActor.Command> raft;
        private final Deque<Join> waiting = new ArrayDeque<>();
        private Join current;

        Manager(ActorContext<Command> context, TimerScheduler<Command> timers, ActorRef<RaftActor.Command> raft) {
            this.context = context;
            this.timers = timers;
            this.raft = raft;
        }

        Behavior<Command> behaviour() {
            return Behaviors.receive(Command.class)
                    .onMessage(Join.class, this::onJoin)
                    .onMessage(StatusArrived.class, arrived -> onStatus(arrived.status()))
                    .onMessage(ChangeAnswered.class, this::onChangeAnswered)
                    .onMessageEquals(Retry.INSTANCE, () -> {
                        askStatus();
                        return Behaviors.same();
                    })
                    .build();
        }

        private Behavior<Command> onJoin(Join join) {
            if (current != null && current.node().equals(join.node())) {
                current = join; // the same node asking again: answer the newest request
            } else {
                waiting.removeIf(queued -> queued.node().equals(join.node()));
                waiting.add(join);
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
            if (!status.isLeader()) {
                finish(false, status.leader().map(NodeId::value).orElse(""), "not leader");
            } else if (configuration.isVoter(node)) {
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

        private void finish(boolean joined, String leader, String message) {
            current.replyTo().tell(new ClusterGateway.JoinReply(joined, leader, message));
            current = null;
            startNext();
        }
    }
}
