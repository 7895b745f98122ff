package io.raftlite.raft.storage;

import com.typesafe.config.ConfigFactory;
import io.raftlite.raft.HardState;
import io.raftlite.raft.Ready;
import io.raftlite.raft.RoleKind;
import io.raftlite.raft.WriteBatch;
import io.raftlite.raft.WritePipeline;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
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
