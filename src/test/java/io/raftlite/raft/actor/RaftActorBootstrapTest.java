package io.raftlite.raft.actor;

import io.raftlite.raft.ConfigurationCodec;
import io.raftlite.raft.HardState;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.EntryType;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.storage.RaftStorage;
import org.apache.pekko.actor.testkit.typed.javadsl.BehaviorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestInbox;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Random;

import static io.raftlite.raft.actor.ActorFixture.A;
import static io.raftlite.raft.actor.ActorFixture.SETTINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A node creating a cluster writes the membership as the log's first entry, once, before it runs. */
class RaftActorBootstrapTest {
    private final TestInbox<RaftStorage.Command> storage = TestInbox.create();
    private final TestInbox<Applier.Command> applier = TestInbox.create();

    private BehaviorTestKit<RaftActor.Command> start(List<LogEntry> log) {
        BehaviorTestKit<RaftActor.Command> kit = BehaviorTestKit.create(RaftActor.bootstrapping(A,
                new ClusterConfiguration(List.of(A)), SETTINGS, storage.getRef(), applier.getRef(), new Random(1)));
        ((RaftStorage.LoadState) storage.receiveMessage()).replyTo()
                .tell(new RaftStorage.LoadedState(new HardState(log.isEmpty() ? 0 : 1, Optional.empty()), log));
        ((Applier.GetLastApplied) applier.receiveMessage()).replyTo().tell(new Applier.LastApplied(0));
        while (kit.selfInbox().hasMessages()) {
            kit.runOne();
        }
        return kit;
    }

    @Test
    void anEmptyLogGetsTheConfigurationAsEntryOneBeforeTheNodeRuns() {
        BehaviorTestKit<RaftActor.Command> kit = start(List.of());

        RaftStorage.Write write = (RaftStorage.Write) storage.receiveMessage();
        LogEntry first = write.batch().entries().get(0);
        assertEquals(EntryType.CONFIGURATION, first.type());
        assertEquals(1, first.index());
        assertEquals(1, first.term());
        assertEquals(new ClusterConfiguration(List.of(A)), ConfigurationCodec.decode(first.data()));
        write.replyTo().tell(new RaftStorage.Written(write.batch()));
        while (kit.selfInbox().hasMessages()) {
            kit.runOne();
        }

        TestInbox<RaftActor.Status> status = TestInbox.create();
        kit.run(new RaftActor.GetStatus(status.getRef()));
        assertEquals(1, status.receiveMessage().lastIndex());
        for (int tick = 0; tick < 2 * SETTINGS.raftConfig().electionTimeoutTicks(); tick++) {
            kit.run(RaftHost.Tick.INSTANCE);
        }
        kit.run(new RaftActor.GetStatus(status.getRef()));
        assertEquals(RoleKind.LEADER, status.receiveMessage().role(), "a one-voter cluster elects itself");
    }

    @Test
    void aNodeWithALogDoesNotBootstrapAgain() {
        start(List.of(LogEntry.configuration(1, 1, ConfigurationCodec.encode(new ClusterConfiguration(List.of(A))))));

        assertFalse(storage.hasMessages(), "nothing is written: the membership is already in the log");
    }
}
