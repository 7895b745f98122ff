package io.raftlite.cluster;

import io.raftlite.raft.actor.RaftActor;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * bootstrap-expect: fresh nodes create one cluster together. The set is fixed by configuration
 * (this node and its seed nodes), so every node computes the same one; a node bootstraps only once
 * all of them answer and none has any Raft state. If one already has state, a cluster exists and the
 * Joiner adds this node to it instead — two clusters never form.
 */
public final class BootstrapCoordinator {
    private BootstrapCoordinator() {
    }

    public sealed interface Command extends NoSerializationVerificationNeeded {
    }

    private enum Tick implements Command { INSTANCE }

    private record GatewaysChanged(Receptionist.Listing listing) implements Command {
    }

    private record Answers(List<ClusterGateway.NodeInfo> infos) implements Command {
    }

    public static Behavior<Command> create(Set<String> expectedRaftAddresses, ActorRef<RaftActor.Command> raft) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
            context.getSystem().receptionist().tell(Receptionist.subscribe(ClusterGateway.GATEWAYS,
                    context.messageAdapter(Receptionist.Listing.class, GatewaysChanged::new)));
            timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofSeconds(1));
            List<ActorRef<ClusterGateway.Command>> gateways = new ArrayList<>();
            return Behaviors.receive(Command.class)
                    .onMessage(GatewaysChanged.class, changed -> {
                        gateways.clear();
                        gateways.addAll(changed.listing().getServiceInstances(ClusterGateway.GATEWAYS));
                        return Behaviors.same();
                    })
                    .onMessageEquals(Tick.INSTANCE, () -> {
                        List<CompletableFuture<ClusterGateway.NodeInfo>> asks = gateways.stream()
                                .map(gateway -> Asks.<ClusterGateway.Command, ClusterGateway.NodeInfo>ask(gateway,
                                        ClusterGateway.GetNodeInfo::new, Duration.ofSeconds(2), context.getSystem().scheduler())
                                        .toCompletableFuture().exceptionally(unreachable -> null))
                                .toList();
                        context.pipeToSelf(CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)), (done, failure) ->
                                new Answers(asks.stream().map(CompletableFuture::join).filter(java.util.Objects::nonNull).toList()));
                        return Behaviors.same();
                    })
                    .onMessage(Answers.class, answers -> {
                        if (answers.infos().stream().anyMatch(ClusterGateway.NodeInfo::hasLog)) {
                            context.getLog().info("A cluster already exists; joining it instead of bootstrapping");
                            return Behaviors.stopped();
                        }
                        List<NodeId> together = answers.infos().stream()
                                .filter(info -> expectedRaftAddresses.contains(info.raftAddress()))
                                .map(ClusterGateway.NodeInfo::node).distinct().toList();
                        if (together.size() < expectedRaftAddresses.size()) {
                            return Behaviors.same(); // not all of them are up yet
                        }
                        raft.tell(new RaftActor.Bootstrap(new ClusterConfiguration(together), context.getSystem().ignoreRef()));
                        return Behaviors.stopped();
                    })
                    .build();
        }));
    }
}
