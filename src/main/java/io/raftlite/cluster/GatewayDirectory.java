package io.raftlite.cluster;

import io.raftlite.raft.actor.Incarnations;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Where each node's gateway is, kept current from the receptionist; read by the forwarding router. */
public final class GatewayDirectory {
    private final Map<NodeId, ActorRef<ClusterGateway.Command>> gateways = new ConcurrentHashMap<>();

    public Optional<ActorRef<ClusterGateway.Command>> gatewayOf(NodeId node) {
        return Optional.ofNullable(gateways.get(node));
    }

    /** Some other node's gateway, the same one while the listing stays the same; empty while no other node is known. */
    public Optional<ActorRef<ClusterGateway.Command>> anyOtherThan(NodeId self) {
        return gateways.entrySet().stream().filter(entry -> !entry.getKey().equals(self))
                .min(Map.Entry.comparingByKey(java.util.Comparator.comparing(NodeId::value))).map(Map.Entry::getValue);
    }

    /** The HTTP base URL ("http://host:port") of the node behind {@code gateway}, for 301 redirects; empty if it does not answer. */
    static java.util.concurrent.CompletionStage<Optional<String>> apiUrl(ActorRef<ClusterGateway.Command> gateway,
                                                                          org.apache.pekko.actor.typed.Scheduler scheduler) {
        return Asks.<ClusterGateway.Command, ClusterGateway.NodeInfo>ask(gateway,
                        ClusterGateway.GetNodeInfo::new, java.time.Duration.ofSeconds(5), scheduler)
                .thenApply(info -> Optional.of("http://" + info.apiAddress()))
                .exceptionally(unreachable -> Optional.empty());
    }

    public Behavior<Receptionist.Listing> follower() {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.subscribe(ClusterGateway.GATEWAYS, context.getSelf()));
            return Behaviors.receive(Receptionist.Listing.class)
                    .onMessage(Receptionist.Listing.class, listing -> {
                        Map<NodeId, ActorRef<ClusterGateway.Command>> current = Incarnations.newestPerNode(
                                listing.getServiceInstances(ClusterGateway.GATEWAYS), ClusterGateway::nodeOf,
                                ref -> ref.path().address(), MemberAge.newestFirst(context.getSystem()));
                        gateways.keySet().retainAll(current.keySet());
                        gateways.putAll(current);
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
