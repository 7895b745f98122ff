package io.raftlite.cluster;

import io.raftlite.raft.actor.RaftActor;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.time.Duration;
import java.util.Optional;

/**
 * On a node started with seed nodes: asks the cluster (the leader, once known) to add it, every
 * second, until the leader answers that it is a voter (or, for a read replica, a member). Its own
 * log is not trusted for that: a node removed while it was down or shutting down still holds a
 * configuration that lists it, and the leader would never contact it again. Joining is idempotent,
 * so a node that is already a member, such as one restarted with the same config, causes no
 * membership change.
 */
public final class Joiner {
    private Joiner() {
    }

    public sealed interface Command extends NoSerializationVerificationNeeded {
    }

    private enum Tick implements Command { INSTANCE }

    private record StatusArrived(RaftActor.Status status) implements Command {
    }

    private record Answered(ClusterGateway.JoinReply reply) implements Command {
    }

    private static boolean shuttingDown(org.apache.pekko.actor.typed.ActorSystem<?> system) {
        return org.apache.pekko.actor.CoordinatedShutdown.get(system).getShutdownReason().isPresent();
    }

    /**
     * @param voter false for a read replica, which joins as a non-voter and stays one
     * @param directory where the other nodes' gateways are, the newest incarnation of each
     */
    public static Behavior<Command> create(NodeId self, boolean voter, ActorRef<RaftActor.Command> raft, GatewayDirectory directory) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(1));
            String[] leaderHint = {""};
            boolean[] asking = {false};
            return Behaviors.receive(Command.class)
                    .onMessageEquals(Tick.INSTANCE, () -> {
                        if (shuttingDown(context.getSystem())) {
                            return Behaviors.stopped(); // a join now could undo leave-on-shutdown's removal
                        }
                        if (!asking[0]) {
                            context.ask(RaftActor.Status.class, raft, Duration.ofSeconds(5), RaftActor.GetStatus::new,
                                    (status, failure) -> failure == null ? new StatusArrived(status) : new Answered(null));
                            asking[0] = true;
                        }
                        return Behaviors.same();
                    })
                    .onMessage(StatusArrived.class, arrived -> {
                        if (arrived.status().isLeader() || shuttingDown(context.getSystem())) {
                            return Behaviors.stopped(); // it leads (so it is a voter), or it is going away
                        }
                        Optional<ActorRef<ClusterGateway.Command>> leader = leaderHint[0].isEmpty() || leaderHint[0].equals(self.value())
                                ? Optional.empty() : directory.gatewayOf(NodeId.of(leaderHint[0]));
                        ActorRef<ClusterGateway.Command> target = leader.or(() -> directory.anyOtherThan(self)).orElse(null);
                        if (target == null) {
                            asking[0] = false; // no other node found yet: the Pekko cluster is still forming
                            return Behaviors.same();
                        }
                        context.ask(ClusterGateway.JoinReply.class, target, Duration.ofSeconds(30),
                                replyTo -> new ClusterGateway.Join(self, voter, replyTo),
                                (reply, failure) -> new Answered(failure == null ? reply : null));
                        return Behaviors.same();
                    })
                    .onMessage(Answered.class, answered -> {
                        asking[0] = false;
                        if (answered.reply() != null && answered.reply().joined()) {
                            context.getLog().info("{} is a {} of the cluster", self, voter ? "voting member" : "read replica");
                            return Behaviors.stopped();
                        }
                        if (answered.reply() != null) {
                            leaderHint[0] = answered.reply().leader();
                        }
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
