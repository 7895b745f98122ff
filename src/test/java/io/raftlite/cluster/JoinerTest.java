package io.raftlite.cluster;

import com.typesafe.config.ConfigFactory;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.actor.RaftActor;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The joiner on a real (local) receptionist, with the clock stopped: the one-second tick never
 * fires unless a test moves the clock, so a join that arrives without it was sent because the
 * receptionist listed another node's gateway.
 */
class JoinerTest {
    private static final NodeId SELF = NodeId.of("node2");
    private static final NodeId OTHER = NodeId.of("node1");

    private final ActorTestKit kit = ActorTestKit.create(ManualTime.config().withFallback(ConfigFactory.load()));

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void asksToJoinAsSoonAsAnotherNodesGatewayIsListedWithoutWaitingForItsTick() {
        TestProbe<ClusterGateway.Join> joins = kit.createTestProbe();
        ActorRef<Joiner.Command> joiner = kit.spawn(Joiner.create(SELF, true, kit.spawn(follower())));
        listGateway(OTHER, joins, true);

        ClusterGateway.Join join = joins.expectMessageClass(ClusterGateway.Join.class);
        assertEquals(SELF, join.node());
        assertTrue(join.voter());
        kit.createTestProbe().expectTerminated(joiner); // joined: it stops
    }

    @Test
    void keepsAskingOnItsTickWhileTheClusterDoesNotAdmitIt() {
        TestProbe<ClusterGateway.Join> joins = kit.createTestProbe();
        kit.spawn(Joiner.create(SELF, false, kit.spawn(follower())));
        listGateway(OTHER, joins, false);

        assertEquals(false, joins.expectMessageClass(ClusterGateway.Join.class).voter()); // a read replica
        joins.expectNoMessage(Duration.ofMillis(200)); // no tick has passed: no second ask
        ManualTime.get(kit.system()).timePasses(Duration.ofSeconds(1));
        joins.expectMessageClass(ClusterGateway.Join.class);
    }

    @Test
    void doesNotAskItsOwnGateway() {
        TestProbe<ClusterGateway.Join> joins = kit.createTestProbe();
        kit.spawn(Joiner.create(SELF, true, kit.spawn(follower())));
        listGateway(SELF, joins, true);

        ManualTime.get(kit.system()).timePasses(Duration.ofSeconds(3));
        joins.expectNoMessage(Duration.ofMillis(300));
    }

    /** Registers {@code node}'s gateway with the receptionist, as that node's ClusterGateway does. */
    private void listGateway(NodeId node, TestProbe<ClusterGateway.Join> joins, boolean admit) {
        ActorRef<ClusterGateway.Command> gateway = kit.spawn(answering(joins, admit), ClusterGateway.actorName(node));
        kit.system().receptionist().tell(Receptionist.register(ClusterGateway.GATEWAYS, gateway));
    }

    /** A Raft actor that is a follower with no known leader. */
    private static Behavior<RaftActor.Command> follower() {
        RaftActor.Status status = new RaftActor.Status(SELF, RoleKind.FOLLOWER, 0, Optional.empty(), 0, 0, 0,
                ClusterConfiguration.EMPTY, Map.of(), Duration.ofDays(1), Duration.ZERO, 0, 0);
        return Behaviors.receiveMessage(command -> {
            if (command instanceof RaftActor.GetStatus get) {
                get.replyTo().tell(status);
            }
            return Behaviors.same();
        });
    }

    /** Another node's gateway: records each join and answers it. */
    private static Behavior<ClusterGateway.Command> answering(TestProbe<ClusterGateway.Join> joins, boolean admit) {
        return Behaviors.receiveMessage(command -> {
            if (command instanceof ClusterGateway.Join join) {
                joins.ref().tell(join);
                join.replyTo().tell(new ClusterGateway.JoinReply(admit, OTHER.value(), admit ? "" : "not yet"));
            }
            return Behaviors.same();
        });
    }
}
