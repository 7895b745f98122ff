package io.raftlite.cluster;

import com.typesafe.config.ConfigFactory;
import io.raftlite.raft.actor.PeerDiscovery;
import io.raftlite.raft.actor.RaftActor;
import io.raftlite.raft.message.NodeId;
import io.raftlite.testing.FreePorts;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real actor systems over Artery, a node (n2) back with a new actor system at a new address.
 * While its old and new systems are both listed by the receptionist, the others send Raft messages
 * and forwarded requests to the new one; and an old system left unreachable is downed, so that
 * Pekko's membership converges again.
 */
class NewestIncarnationTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final NodeId MOVED = NodeId.of("n2");

    private final List<ActorTestKit> systems = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        systems.forEach(ActorTestKit::shutdownTestKit);
    }

    /**
     * Both stay alive, so both stay listed; the old one's address sorts last, which the old
     * path-string rule kept. Being reachable, the old one is not downed either.
     */
    @Test
    void peersAndGatewaysFollowTheNewestIncarnationOfANode() throws IOException {
        List<Integer> ports = FreePorts.of(3);
        int first = ports.get(0);
        int older = Math.max(ports.get(1), ports.get(2)); // also sorts later as a string: same length
        int newer = Math.min(ports.get(1), ports.get(2));
        ActorTestKit observer = start(first, first);
        TestProbe<RaftActor.Command> raft = observer.createTestProbe(RaftActor.Command.class);
        observer.spawn(PeerDiscovery.create(NodeId.of("n1"), raft.getRef(), () -> MemberAge.newestFirst(observer.system())),
                "peer-discovery");
        GatewayDirectory directory = new GatewayDirectory();
        observer.spawn(directory.follower(), "gateway-directory");
        observer.spawn(SupersededIncarnations.create(), "superseded-incarnations");

        ActorTestKit oldIncarnation = start(older, first);
        awaitUp(observer, 2);
        registerNode(oldIncarnation);
        awaitChosen(raft, directory, oldIncarnation);

        ActorTestKit newIncarnation = start(newer, first);
        awaitUp(observer, 3);
        registerNode(newIncarnation);
        awaitChosen(raft, directory, newIncarnation);

        Comparator<Address> newestFirst = MemberAge.newestFirst(observer.system());
        Address oldAddress = address(oldIncarnation);
        Address newAddress = address(newIncarnation);
        assertTrue(newestFirst.compare(newAddress, oldAddress) < 0, "the system that joined last is newest");
        assertTrue(newestFirst.compare(observer.system().address(), oldAddress) > 0,
                "this node's own (local) address is its member, the oldest here");
        assertTrue(newestFirst.compare(new Address("pekko", "raftlite", "127.0.0.1", 1), oldAddress) < 0,
                "an address with no member yet is taken as newest");
        assertTrue(members(observer).anyMatch(member -> member.address().equals(oldAddress) && member.status() == MemberStatus.up()),
                "an older system that is still reachable is never downed");
    }

    @Test
    void anOldIncarnationLeftUnreachableIsDownedOnceTheNodeIsBackElsewhere() throws IOException {
        oldIncarnationIsDownedOnceBackElsewhere(false);
    }

    /**
     * A system whose actors stop before it becomes unreachable deregisters its gateway first (seen
     * in CI: the listing lost the old gateway before the crash was noticed), so no listing names
     * its node any more when the node comes back elsewhere.
     */
    @Test
    void anOldIncarnationWhoseGatewayWasDeregisteredFirstIsDownedToo() throws IOException {
        oldIncarnationIsDownedOnceBackElsewhere(true);
    }

    private void oldIncarnationIsDownedOnceBackElsewhere(boolean deregisteredFirst) throws IOException {
        List<Integer> ports = FreePorts.of(3);
        ActorTestKit observer = start(ports.get(0), ports.get(0));
        observer.spawn(SupersededIncarnations.create(), "superseded-incarnations");
        // Terminated without coordinated shutdown, it never leaves: the others see it as a crashed node.
        ActorTestKit crashed = start(ports.get(1), ports.get(0), "pekko.coordinated-shutdown.run-by-actor-system-terminate = off");
        awaitUp(observer, 2);
        registerNode(crashed);
        TestProbe<Receptionist.Listing> listings = observer.createTestProbe(Receptionist.Listing.class);
        observer.system().receptionist().tell(Receptionist.subscribe(ClusterGateway.GATEWAYS, listings.getRef()));
        listings.fishForMessage(PATIENCE, "the old incarnation's gateway listed", listing ->
                listing.getServiceInstances(ClusterGateway.GATEWAYS).isEmpty()
                        ? FishingOutcomes.continueAndIgnore() : FishingOutcomes.complete());
        Address oldAddress = address(crashed);
        if (deregisteredFirst) {
            crashed.system().receptionist().tell(Receptionist.deregister(ClusterGateway.GATEWAYS, registeredGateway));
            listings.fishForMessage(PATIENCE, "the old incarnation's gateway gone from the listing", listing ->
                    listing.getAllServiceInstances(ClusterGateway.GATEWAYS).isEmpty()
                            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        }
        systems.remove(crashed);
        crashed.shutdownTestKit();
        listings.awaitAssert(PATIENCE, () -> {
            assertTrue(members(observer).anyMatch(member -> member.address().equals(oldAddress)
                    && Cluster.get(observer.system()).state().getUnreachable().contains(member)), "old incarnation unreachable");
            return null;
        });

        ActorTestKit back = start(ports.get(2), ports.get(0));
        registerNode(back);
        Address newAddress = address(back);
        listings.awaitAssert(Duration.ofSeconds(60), () -> {
            assertTrue(members(observer).noneMatch(member -> member.address().equals(oldAddress)), "old incarnation removed");
            assertTrue(members(observer).anyMatch(member -> member.address().equals(newAddress)
                    && member.status() == MemberStatus.up()), "new incarnation up: " + Cluster.get(observer.system()).state());
            return null;
        });
    }

    private static java.util.stream.Stream<org.apache.pekko.cluster.Member> members(ActorTestKit system) {
        return StreamSupport.stream(Cluster.get(system.system()).state().getMembers().spliterator(), false);
    }

    private ActorRef<ClusterGateway.Command> registeredGateway;

    private void registerNode(ActorTestKit system) {
        ActorRef<RaftActor.Command> raftActor = system.spawn(Behaviors.ignore(), PeerDiscovery.actorName(MOVED));
        ActorRef<ClusterGateway.Command> gateway = system.spawn(Behaviors.ignore(), ClusterGateway.actorName(MOVED));
        system.system().receptionist().tell(Receptionist.register(PeerDiscovery.RAFT_NODES, raftActor));
        system.system().receptionist().tell(Receptionist.register(ClusterGateway.GATEWAYS, gateway));
        registeredGateway = gateway;
    }

    private static void awaitChosen(TestProbe<RaftActor.Command> raft, GatewayDirectory directory, ActorTestKit incarnation) {
        Address expected = address(incarnation);
        raft.fishForMessage(PATIENCE, "PeerDiscovery to name " + expected, message ->
                message instanceof RaftActor.PeersChanged changed && changed.peers().containsKey(MOVED)
                        && changed.peers().get(MOVED).path().address().equals(expected)
                        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
        raft.awaitAssert(PATIENCE, () -> {
            assertEquals(Optional.of(expected), directory.gatewayOf(MOVED).map(gateway -> gateway.path().address()));
            return null;
        });
    }

    private static void awaitUp(ActorTestKit observer, int members) {
        observer.createTestProbe().awaitAssert(PATIENCE, () -> {
            long up = members(observer).filter(member -> member.status() == MemberStatus.up()).count();
            assertEquals(members, up);
            return null;
        });
    }

    private static Address address(ActorTestKit system) {
        return Cluster.get(system.system()).selfMember().address();
    }

    private ActorTestKit start(int port, int seedPort) {
        return start(port, seedPort, "");
    }

    private ActorTestKit start(int port, int seedPort, String extra) {
        ActorTestKit kit = ActorTestKit.create("raftlite", ConfigFactory.parseString(extra).withFallback(ConfigFactory.parseString("""
                pekko.actor.provider = cluster
                pekko.remote.artery.canonical.hostname = 127.0.0.1
                pekko.remote.artery.canonical.port = %d
                pekko.cluster.seed-nodes = ["pekko://raftlite@127.0.0.1:%d"]
                pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
                pekko.cluster.typed.receptionist.distributed-data.gossip-interval = 200ms
                """.formatted(port, seedPort))).withFallback(ConfigFactory.load()));
        systems.add(kit);
        return kit;
    }
}
