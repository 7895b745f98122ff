package io.raftlite.raft.storage;

import com.typesafe.config.ConfigFactory;
import io.raftlite.raft.HardState;
import io.raftlite.raft.Ready;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.WriteBatch;
import io.raftlite.raft.WritePipeline;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.SnapshotMeta;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What RaftStorage writes is what a restarted node recovers: term, vote and log, truncations
 * included, on the real SQLite journal, across a restart of the whole actor system.
 */
class RaftStorageTest {
    private static final NodeId NODE = NodeId.of("n1");

    @TempDir
    Path dir;
    private ActorTestKit kit;

    @AfterEach
    void stop() {
        if (kit != null) {
            kit.shutdownTestKit();
        }
    }

    private ActorTestKit startSystem() {
        kit = ActorTestKit.create(ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "raftlite-persistence.journal"
                pekko.persistence.snapshot-store.plugin = "raftlite-persistence.snapshot-store"
                raftlite-persistence.journal.path = "%s"
                raftlite-persistence.snapshot-store.dir = "%s"
                pekko.actor.serialize-messages = on
                """.formatted(dir.resolve("raft.db"), dir.resolve("snapshots"))).withFallback(ConfigFactory.load()));
        return kit;
    }

    @Test
    void restartRecoversTermVoteAndLogIncludingTruncation() {
        ActorRef<RaftStorage.Command> storage = startSystem().spawn(RaftStorage.create(NODE, ""));
        write(storage, batch(new HardState(1, Optional.of(NODE)), OptionalLong.empty(), entry(1, 1), entry(1, 2), entry(1, 3)));
        write(storage, batch(new HardState(2, Optional.empty()), OptionalLong.empty()));
        write(storage, batch(new HardState(2, Optional.of(NodeId.of("n2"))), OptionalLong.of(2), entry(2, 2)));
        kit.shutdownTestKit();

        RaftStorage.LoadedState recovered = load(startSystem().spawn(RaftStorage.create(NODE, "")));

        assertEquals(new HardState(2, Optional.of(NodeId.of("n2"))), recovered.hardState());
        assertEquals(List.of(entry(1, 1), entry(2, 2)), recovered.log());
    }

    @Test
    void freshNodeRecoversNothing() {
        RaftStorage.LoadedState recovered = load(startSystem().spawn(RaftStorage.create(NodeId.of("fresh"), "")));

        assertEquals(HardState.INITIAL, recovered.hardState());
        assertEquals(List.of(), recovered.log());
    }

    @Test
    void compactionSurvivesARestartAndTruncationNeverReachesIntoTheSnapshot() {
        ActorRef<RaftStorage.Command> storage = startSystem().spawn(RaftStorage.create(NODE, ""));
        write(storage, batch(new HardState(1, Optional.empty()), OptionalLong.empty(), entry(1, 1), entry(1, 2), entry(1, 3), entry(1, 4)));
        SnapshotMeta snapshot = new SnapshotMeta(3, 1, new ClusterConfiguration(List.of(NODE)));
        write(storage, compaction(snapshot, OptionalLong.empty()));
        write(storage, batch(new HardState(2, Optional.empty()), OptionalLong.of(2), entry(2, 4), entry(2, 5)));
        kit.shutdownTestKit();

        RaftStorage.LoadedState recovered = load(startSystem().spawn(RaftStorage.create(NODE, "")));

        assertEquals(snapshot, recovered.snapshot());
        assertEquals(List.of(entry(2, 4), entry(2, 5)), recovered.log(), "truncation from 2 stops after the snapshot at 3");
    }

    @Test
    void anInstalledSnapshotReplacesALogThatDoesNotReachIt() {
        ActorRef<RaftStorage.Command> storage = startSystem().spawn(RaftStorage.create(NODE, ""));
        write(storage, batch(new HardState(1, Optional.empty()), OptionalLong.empty(), entry(1, 1), entry(1, 2)));
        SnapshotMeta installed = new SnapshotMeta(10, 3, new ClusterConfiguration(List.of(NODE)));
        write(storage, compaction(installed, OptionalLong.of(11)));
        kit.shutdownTestKit();

        RaftStorage.LoadedState recovered = load(startSystem().spawn(RaftStorage.create(NODE, "")));

        assertEquals(installed, recovered.snapshot());
        assertEquals(List.of(), recovered.log());
    }

    @Test
    void pekkoSnapshotsBoundTheJournalAndRecoveryStillSeesEverything() throws Exception {
        ActorRef<RaftStorage.Command> storage = startSystem().spawn(RaftStorage.create(NODE, "", 5));
        ClusterConfiguration configuration = new ClusterConfiguration(List.of(NODE));
        for (long index = 1; index <= 60; index++) {
            write(storage, batch(new HardState(1, Optional.empty()), OptionalLong.empty(), entry(1, index)));
            if (index % 10 == 0) {
                write(storage, compaction(new SnapshotMeta(index - 2, 1, configuration), OptionalLong.empty()));
            }
        }
        kit.shutdownTestKit();

        RaftStorage.LoadedState recovered = load(startSystem().spawn(RaftStorage.create(NODE, "", 5)));

        assertEquals(new SnapshotMeta(58, 1, configuration), recovered.snapshot());
        assertEquals(List.of(entry(1, 59), entry(1, 60)), recovered.log());
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raft.db"));
             var rows = connection.createStatement().executeQuery("SELECT count(*) FROM journal")) {
            rows.next();
            assertTrue(rows.getLong(1) <= 3 * 5, "old events must be deleted, " + rows.getLong(1) + " remain of 67");
        }
    }

    /** A write that only compacts (and, for an installed snapshot, drops the log after it). */
    private static WriteBatch compaction(SnapshotMeta snapshot, OptionalLong truncateFrom) {
        WritePipeline pipeline = new WritePipeline();
        pipeline.add(new Ready(Optional.empty(), truncateFrom, List.of(), List.of(), List.of(), List.of(), List.of(),
                RoleKind.FOLLOWER, snapshot.term(), Optional.empty(), Optional.of(snapshot), Optional.empty(), List.of()));
        return pipeline.startNextWrite().orElseThrow();
    }

    private void write(ActorRef<RaftStorage.Command> storage, WriteBatch batch) {
        TestProbe<RaftStorage.Written> probe = kit.createTestProbe();
        storage.tell(new RaftStorage.Write(batch, probe.getRef()));
        assertEquals(batch, probe.receiveMessage().batch());
    }

    private RaftStorage.LoadedState load(ActorRef<RaftStorage.Command> storage) {
        TestProbe<RaftStorage.LoadedState> probe = kit.createTestProbe();
        storage.tell(new RaftStorage.LoadState(probe.getRef()));
        return probe.receiveMessage();
    }

    /** A write batch as the Raft host would build it, through the real pipeline. */
    static WriteBatch batch(HardState hardState, OptionalLong truncateFrom, LogEntry... entries) {
        WritePipeline pipeline = new WritePipeline();
        pipeline.add(new Ready(Optional.of(hardState), truncateFrom, List.of(entries), List.of(), List.of(),
                List.of(), List.of(), RoleKind.FOLLOWER, hardState.term(), Optional.empty()));
        return pipeline.startNextWrite().orElseThrow();
    }

    static LogEntry entry(long term, long index) {
        return LogEntry.command(term, index, ("command " + index + "@" + term).getBytes(StandardCharsets.UTF_8));
    }
}
