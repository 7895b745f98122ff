package io.raftlite.raft.actor;

import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** One actor per node out of a listing that names a node twice: the newest incarnation's, in any order. */
class IncarnationsTest {
    private record Listed(String node, int port) {
        Address address() {
            return new Address("pekko", "raftlite", "127.0.0.1", port);
        }

        @Override
        public String toString() {
            return "pekko://raftlite@127.0.0.1:" + port + "/user/raft-" + node;
        }
    }

    /** Ports in the order their systems joined: a later port in this list is a newer incarnation. */
    private static Comparator<Address> joinedInOrder(List<Integer> ports) {
        return Comparator.comparing((Address address) -> ports.indexOf(address.getPort().get())).reversed();
    }

    private static Map<NodeId, Listed> choose(List<Listed> listing, List<Integer> joinOrder) {
        return Incarnations.newestPerNode(listing, listed -> listed.node() == null ? null : NodeId.of(listed.node()),
                Listed::address, joinedInOrder(joinOrder));
    }

    @Test
    void theNewerOfTwoIncarnationsWinsWhateverTheListingOrderOrPathOrder() {
        Listed old = new Listed("n2", 9000); // sorts after the new one by path: the old rule kept it
        Listed restarted = new Listed("n2", 10000);
        Listed other = new Listed("n3", 9500);
        List<Integer> joinOrder = List.of(9500, 9000, 10000);
        Map<NodeId, Listed> expected = Map.of(NodeId.of("n2"), restarted, NodeId.of("n3"), other);
        assertEquals(expected, choose(List.of(old, restarted, other), joinOrder));
        assertEquals(expected, choose(List.of(restarted, other, old), joinOrder));
    }

    @Test
    void actorsThatAreNoNodesAreLeftOut() {
        Listed stray = new Listed(null, 9100);
        Listed node = new Listed("n1", 9200);
        assertEquals(Map.of(NodeId.of("n1"), node), choose(List.of(stray, node), List.of(9100, 9200)));
    }

    @Test
    void withoutAgesTheChoiceIsStableAcrossListings() {
        Listed first = new Listed("n2", 9001);
        Listed second = new Listed("n2", 9002);
        var forward = Incarnations.newestPerNode(List.of(first, second), listed -> NodeId.of(listed.node()), Listed::address,
                (a, b) -> 0);
        var backward = Incarnations.newestPerNode(List.of(second, first), listed -> NodeId.of(listed.node()), Listed::address,
                (a, b) -> 0);
        assertEquals(forward, backward);
    }
}
