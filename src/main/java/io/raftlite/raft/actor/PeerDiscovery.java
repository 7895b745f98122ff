package io.raftlite.raft.actor;

import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Finds the other nodes' Raft actors through the Pekko Cluster receptionist: every Raft actor is
 * registered under one key and named {@code raft-<node id>}, so a listing says which node each ref
 * belongs to, including nodes added to the cluster later. Raft's configuration says who the peers
 * are; the cluster only says where they are.
 */
public final class PeerDiscovery {
    public static final ServiceKey<RaftActor.Command> RAFT_NODES = ServiceKey.create(RaftActor.Command.class, "raft-nodes");
    private static final String NAME_PREFIX = "raft-";

    private PeerDiscovery() {
    }

    /** The node whose Raft actor {@code ref} is, or null if it is not one. */
    static NodeId nodeOf(ActorRef<?> ref) {
        return Incarnations.nodeOf(ref, NAME_PREFIX);
    }

    /** The actor name a node's Raft actor must have. */
    public static String actorName(NodeId id) {
        return NAME_PREFIX + id.value();
    }

    /** @param newestFirst orders actor systems newest first, read at each listing: a restarted node is listed twice for a while */
    public static Behavior<Receptionist.Listing> create(NodeId self, ActorRef<RaftActor.Command> raftActor,
                                                        Supplier<Comparator<Address>> newestFirst) {
        return Behaviors.setup(context -> {
            ActorRef<Receptionist.Command> receptionist = context.getSystem().receptionist();
            receptionist.tell(Receptionist.register(RAFT_NODES, raftActor));
            receptionist.tell(Receptionist.subscribe(RAFT_NODES, context.getSelf()));
            return Behaviors.receive(Receptionist.Listing.class)
                    .onMessage(Receptionist.Listing.class, listing -> {
                        Map<NodeId, ActorRef<RaftActor.Command>> peers = new HashMap<>(Incarnations.newestPerNode(
                                listing.getServiceInstances(RAFT_NODES), PeerDiscovery::nodeOf, ref -> ref.path().address(),
                                newestFirst.get()));
                        peers.remove(self);
                        raftActor.tell(new RaftActor.PeersChanged(Map.copyOf(peers)));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
