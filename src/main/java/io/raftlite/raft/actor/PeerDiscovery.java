package io.raftlite.raft.actor;

import io.raftlite.raft.message.ClusterConfiguration;
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
 * Finds the peers' Raft actors through the Pekko Cluster receptionist: registers the local Raft
 * actor under a key named after its node id, follows the keys of the other voters, and tells the
 * Raft actor whenever a peer's ref appears, changes or goes away. Raft's configuration says who
 * the peers are; the cluster only says where they are.
 */
public final class PeerDiscovery {
    private static final String KEY_PREFIX = "raft-";

    private PeerDiscovery() {
    }

    public static ServiceKey<RaftActor.Command> keyFor(NodeId id) {
        return ServiceKey.create(RaftActor.Command.class, KEY_PREFIX + id.value());
    }

    public static Behavior<Receptionist.Listing> create(NodeId self, ClusterConfiguration configuration,
                                                        ActorRef<RaftActor.Command> raftActor) {
        return Behaviors.setup(context -> {
            ActorRef<Receptionist.Command> receptionist = context.getSystem().receptionist();
            receptionist.tell(Receptionist.register(keyFor(self), raftActor));
            for (NodeId peer : configuration.voters()) {
                if (!peer.equals(self)) {
                    receptionist.tell(Receptionist.subscribe(keyFor(peer), context.getSelf()));
                }
            }
            Map<NodeId, ActorRef<RaftActor.Command>> known = new HashMap<>();
            return Behaviors.receive(Receptionist.Listing.class)
                    .onMessage(Receptionist.Listing.class, listing -> {
                        NodeId peer = NodeId.of(listing.getKey().id().substring(KEY_PREFIX.length()));
                        // Normally one ref; two only briefly while a restarted peer replaces its old
                        // incarnation. The choice is stable, and a wrong one costs lost messages only.
                        listing.getServiceInstances(keyFor(peer)).stream()
                                .max(Comparator.comparing(ref -> ref.path().toString()))
                                .ifPresentOrElse(ref -> known.put(peer, ref), () -> known.remove(peer));
                        raftActor.tell(new RaftActor.PeersChanged(Map.copyOf(known)));
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
