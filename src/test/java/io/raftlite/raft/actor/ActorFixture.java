package io.raftlite.raft.actor;

import io.raftlite.raft.HardState;
import io.raftlite.raft.RaftConfig;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.PreVoteReply;
import io.raftlite.raft.message.RaftMessage;
import io.raftlite.raft.message.RequestVoteReply;
import io.raftlite.raft.storage.RaftStorage;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Raft actor of node a (cluster a, b, c) under BehaviorTestKit: storage, applier and peers are
 * inboxes, ticks are delivered by hand, and nothing runs unless the test says so.
 */
final class ActorFixture {
    static final NodeId A = NodeId.of("a");
    static final NodeId B = NodeId.of("b");
    static final NodeId C = NodeId.of("c");
    static final ClusterConfiguration ABC = new ClusterConfiguration(List.of(A, B, C));
    static final RaftActorSettings SETTINGS = new RaftActorSettings(new RaftConfig(10, 2, 64, 64 * 1024, 8),
            Duration.ofMillis(100), 20, 1024, 1000);

    final TestInbox<RaftStorage.Command> storage = TestInbox.create();
    final TestInbox<Applier.Command> applier = TestInbox.create();
    final Map<NodeId, TestInbox<RaftActor.Command>> peers = Map.of(B, TestInbox.create(), C, TestInbox.create());
    final BehaviorTestKit<RaftActor.Command> kit = BehaviorTestKit.create(
            RaftActor.create(A, ABC, SETTINGS, storage.getRef(), applier.getRef(), new Random(1)));

    /** Node a, started from the given durable state, with its peers known. */
    static ActorFixture started(long term, LogEntry... log) {
        ActorFixture fixture = new ActorFixture();
        fixture.answerStartup(new HardState(term, java.util.Optional.empty()), List.of(log));
        return fixture;
    }

    void answerStartup(HardState hardState, List<LogEntry> log) {
        RaftStorage.LoadState load = (RaftStorage.LoadState) storage.receiveMessage();
        load.replyTo().tell(new RaftStorage.LoadedState(hardState, log));
        Applier.GetLastApplied ask = (Applier.GetLastApplied) applier.receiveMessage();
        ask.replyTo().tell(new Applier.LastApplied(0));
        drainSelf();
        kit.run(new RaftActor.PeersChanged(Map.of(B, peers.get(B).getRef(), C, peers.get(C).getRef())));
    }

    /** Runs what adapters and self-sends put in the actor's own mailbox. */
    void drainSelf() {
        while (kit.selfInbox().hasMessages()) {
            kit.runOne();
        }
    }

    void tick(int times) {
        for (int i = 0; i < times; i++) {
            kit.run(RaftHost.Tick.INSTANCE);
        }
    }

    void deliver(RaftMessage message) {
        kit.run(new RaftActor.PeerMessage(message));
    }

    /** What the peer received since the last call, unwrapped. */
    List<RaftMessage> received(NodeId peer) {
        return peers.get(peer).getAllReceived().stream().map(command -> ((RaftActor.PeerMessage) command).message()).toList();
    }

    RaftStorage.Write nextWrite() {
        return (RaftStorage.Write) storage.receiveMessage();
    }

    /** The storage answers that the write is durable. */
    void acknowledge(RaftStorage.Write write) {
        write.replyTo().tell(new RaftStorage.Written(write.batch()));
        drainSelf();
    }

    void acknowledgeAllWrites() {
        while (storage.hasMessages()) {
            acknowledge(nextWrite());
        }
    }

    RaftActor.Status status() {
        TestInbox<RaftActor.Status> inbox = TestInbox.create();
        kit.run(new RaftActor.GetStatus(inbox.getRef()));
        return inbox.receiveMessage();
    }

    /** Elects node a with b's pre-vote and vote, every write acknowledged; clears the peers' inboxes. */
    long becomeLeader() {
        tick(2 * SETTINGS.raftConfig().electionTimeoutTicks());
        deliver(new PreVoteReply(status().term() + 1, B, true));
        acknowledgeAllWrites();
        deliver(new RequestVoteReply(status().term(), B, true));
        acknowledgeAllWrites();
        assertEquals(RoleKind.LEADER, status().role());
        received(B);
        received(C);
        return status().term();
    }
}
