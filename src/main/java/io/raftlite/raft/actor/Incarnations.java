package io.raftlite.raft.actor;

import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Picks one actor per node when the receptionist lists several: a node restarted at a new address,
 * or restarted before the others saw its old actor system fail, is listed twice until the old one
 * is detected unreachable. The newest incarnation is the live one; messages to the other are lost.
 */
public final class Incarnations {
    private Incarnations() {
    }

    /** The node whose actor {@code ref} is, from its name {@code namePrefix + node id}; null if it is not one. */
    public static NodeId nodeOf(ActorRef<?> ref, String namePrefix) {
        String name = ref.path().name();
        return name.startsWith(namePrefix) ? NodeId.of(name.substring(namePrefix.length())) : null;
    }

    /**
     * @param newestFirst orders actor-system addresses by when they joined the cluster, newest first
     * @return for each node named by {@code nodeOf} (null: not a node's actor), its newest actor
     */
    public static <R> Map<NodeId, R> newestPerNode(Collection<R> refs, Function<R, NodeId> nodeOf, Function<R, Address> addressOf,
                                                   Comparator<Address> newestFirst) {
        // The path string breaks ties so that every listing of the same refs gives the same choice.
        Comparator<R> preferred = Comparator.<R, Address>comparing(addressOf, newestFirst).thenComparing(Object::toString);
        Map<NodeId, R> chosen = new HashMap<>();
        for (R ref : refs) {
            NodeId node = nodeOf.apply(ref);
            if (node != null) {
                chosen.merge(node, ref, (held, offered) -> preferred.compare(offered, held) < 0 ? offered : held);
            }
        }
        return chosen;
    }
}
