package io.raftlite.raft.actor;

import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

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

    /** The actor name a node's Raft actor must have. */
    public static String actorName(NodeId id) {
        return NAME_PREFIX + id.value();
    }

    public static Behavior<Receptionist.Listing> create(NodeId self, ActorRef<RaftActor.Command> raftActor) {
        return Behaviors.setup(context -> {
            ActorRef<Receptionist.Command> receptionist = context.getSystem().receptionist();
            receptionist.tell(Receptionist.register(RAFT_NODES, raftActor));
            receptionist.tell(Receptionist.subscribe(RAFT_NODES, context.getSelf()));
            return Behaviors.receive(Receptionist.Listing.class)
                    .onMessage(Receptionist.Listing.class, listing -> {
                        Map<NodeId, ActorRef<RaftActor.Command>> peers = new HashMap<>();
                        // Normally one ref per node; two only briefly while a restarted node replaces its
                        // old incarnation. The choice is stable, and a wrong one costs lost messages only.
                        listing.getServiceInstances(RAFT_NODES).stream()
                                .filter(ref -> ref.path().name().startsWith(NAME_PREFIX))
                                .sorted(Comparator.comparing(ref -> ref.path().toString()))
                                .forEach(ref -> peers.put(NodeId.of(ref.path().name().substring(NAME_PREFIX.length())), ref));
                        peers.remove(self);
                        raftActor.tell(new RaftActor.PeersChanged(Map.copyOf(peers)));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
