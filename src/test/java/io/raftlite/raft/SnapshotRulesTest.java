package io.raftlite.raft;

import io.raftlite.raft.message.AppendEntries;
import io.raftlite.raft.message.AppendEntriesReply;
import io.raftlite.raft.message.InstallSnapshot;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.SnapshotMeta;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

import static io.raftlite.raft.RaftTestContext.A;
import static io.raftlite.raft.RaftTestContext.ABC;
import static io.raftlite.raft.RaftTestContext.B;
import static io.raftlite.raft.RaftTestContext.C;
import static io.raftlite.raft.RaftTestContext.CONFIG;
import static io.raftlite.raft.RaftTestContext.append;
import static io.raftlite.raft.RaftTestContext.entry;
import static io.raftlite.raft.RaftTestContext.nodeA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log compaction and InstallSnapshot (dissertation §5.1, Figure 5.3), one rule per test. */
class SnapshotRulesTest {

    /** A leader of term 3 whose entries 1-3 are committed and applied, B caught up, C silent. */
    private static RaftTestContext leaderWithCommittedLog() {
        RaftTestContext ctx = nodeA(2, entry(1, 1), entry(2, 2));
        long term = ctx.becomeLeader();
        ctx.deliver(AppendEntriesReply.accepted(term, B, 3, 0));
        assertEquals(3, ctx.node.commitIndex());
        assertEquals(3, ctx.applied.size());
        ctx.clearSent();
        return ctx;
    }

    @Test
    void compactionForgetsTheCoveredEntriesAndTellsStorage() {
        RaftTestContext ctx = leaderWithCommittedLog();

        Ready ready = ctx.record(ctx.node.compact(2));

        assertEquals(Optional.of(new SnapshotMeta(2, 2, ABC)), ready.compactTo());
        assertTrue(ready.needsPersist(), "a compaction is a durable write");
        assertEquals(2, ctx.node.snapshotIndex());
        assertEquals(Optional.empty(), ctx.node.entry(2));
        assertEquals(2, ctx.node.termAt(2), "the snapshot keeps the term of its last entry");
        assertEquals(3, ctx.node.lastIndex());
    }

    @Test
    void theLogsSizeCountsOnlyWhatFollowsTheSnapshot() {
        RaftTestContext ctx = leaderWithCommittedLog();
        long before = ctx.node.logBytes();
        long perEntry = InMemoryLog.ENTRY_OVERHEAD_BYTES;
        assertEquals(entry(1, 1).data().length + entry(2, 2).data().length + 3 * perEntry, before, "two commands and a no-op");

        ctx.record(ctx.node.compact(2));

        assertEquals(perEntry, ctx.node.logBytes(), "only the no-op at 3 is left");
        ctx.record(ctx.node.propose(List.of(new byte[1000])).ready());
        assertEquals(2 * perEntry + 1000, ctx.node.logBytes());
    }

    @Test
    void theEntriesACompactionKeepsAreBoundedByCountAndBySize() {
        RaftTestContext ctx = leaderWithCommittedLog();
        ctx.record(ctx.node.propose(List.of(new byte[1000], new byte[1000], new byte[1000])).ready());
        long large = 1000 + InMemoryLog.ENTRY_OVERHEAD_BYTES;
        assertEquals(6, ctx.node.lastIndex());

        assertEquals(6, ctx.node.trailingEntries(6, 1024, Long.MAX_VALUE), "every entry, when neither bound is reached");
        assertEquals(2, ctx.node.trailingEntries(6, 2, Long.MAX_VALUE), "the count bound");
        assertEquals(2, ctx.node.trailingEntries(6, 1024, 2 * large), "the size bound, exactly reached");
        assertEquals(1, ctx.node.trailingEntries(6, 1024, 2 * large - 1), "the size bound, one byte short of two");
        assertEquals(0, ctx.node.trailingEntries(6, 1024, large - 1), "an entry larger than the bound is not kept");
        assertEquals(3, ctx.node.trailingEntries(3, 1024, Long.MAX_VALUE), "counted back from the index given");

        ctx.record(ctx.node.compact(2));
        assertEquals(1, ctx.node.trailingEntries(3, 1024, Long.MAX_VALUE), "never into the snapshot");
    }

    @Test
    void compactionNeverCoversWhatTheStateMachineHasNotBeenGiven() {
        RaftTestContext ctx = nodeA(2, entry(1, 1), entry(2, 2));

        Ready ready = ctx.record(ctx.node.compact(2));

        assertEquals(Optional.empty(), ready.compactTo(), "entries 1-2 are not known committed here");
        assertEquals(0, ctx.node.snapshotIndex());
    }

    @Test
    void aFollowerBehindTheCompactedLogGetsASnapshotAndOnlyHeartbeatsMeanwhile() {
        RaftTestContext ctx = leaderWithCommittedLog();
        ctx.record(ctx.node.compact(3));
        long term = ctx.node.term();

        Ready ready = ctx.deliver(AppendEntriesReply.rejected(term, C, 2, 0, 0, 0));

        assertEquals(List.of(C), ready.snapshotsNeeded());
        ctx.clearSent();
        ctx.record(ctx.node.propose(List.of("x".getBytes())).ready());
        assertTrue(ctx.sent(AppendEntries.class).stream().noneMatch(append -> append.prevLogIndex() < 3),
                "nothing before the snapshot can be sent");
    }

    @Test
    void anAcknowledgedSnapshotResumesReplicationRightAfterIt() {
        RaftTestContext ctx = leaderWithCommittedLog();
        ctx.record(ctx.node.compact(3));
        long term = ctx.node.term();
        ctx.deliver(AppendEntriesReply.rejected(term, C, 2, 0, 0, 0));
        ctx.record(ctx.node.propose(List.of("x".getBytes())).ready());
        ctx.clearSent();

        ctx.deliver(AppendEntriesReply.accepted(term, C, 3, 0));

        AppendEntries resumed = ctx.sent(AppendEntries.class).stream().filter(append -> !append.entries().isEmpty())
                .findFirst().orElseThrow();
        assertEquals(3, resumed.prevLogIndex());
        assertEquals(term, resumed.prevLogTerm(), "the snapshot's term at its index");
        assertEquals(4, resumed.entries().get(0).index());
    }

    @Test
    void aFailedTransferIsRequestedAgainOnTheNextHeartbeat() {
        RaftTestContext ctx = leaderWithCommittedLog();
        ctx.record(ctx.node.compact(3));
        ctx.deliver(AppendEntriesReply.rejected(ctx.node.term(), C, 2, 0, 0, 0));

        ctx.record(ctx.node.snapshotTransferFailed(C));
        List<Ready> readys = new java.util.ArrayList<>();
        for (int i = 0; i < CONFIG.heartbeatTicks(); i++) {
            readys.add(ctx.record(ctx.node.tick()));
        }

        assertTrue(readys.stream().anyMatch(ready -> ready.snapshotsNeeded().contains(C)), "no new snapshot was asked for");
    }

    @Test
    void aDeliveredSnapshotIsFollowedByEntriesRightAfterIt() {
        RaftTestContext ctx = leaderWithCommittedLog();
        ctx.record(ctx.node.compact(3));
        ctx.deliver(AppendEntriesReply.rejected(ctx.node.term(), C, 2, 0, 0, 0));
        ctx.record(ctx.node.propose(List.of("x".getBytes())).ready());
        ctx.clearSent();

        ctx.record(ctx.node.snapshotDelivered(C, 3));
        ctx.tick(CONFIG.heartbeatTicks());

        AppendEntries probe = ctx.sent.stream().filter(envelope -> envelope.to().equals(C)).map(Envelope::message)
                .filter(AppendEntries.class::isInstance).map(AppendEntries.class::cast).findFirst().orElseThrow();
        assertEquals(3, probe.prevLogIndex(), "the probe starts right after the delivered snapshot");
    }

    @Test
    void aFollowerInstallsASnapshotItsLogDoesNotMatch() {
        RaftTestContext ctx = nodeA(3, entry(1, 1), entry(2, 2), entry(2, 3));
        SnapshotMeta snapshot = new SnapshotMeta(5, 3, ABC);

        Ready ready = ctx.deliver(new InstallSnapshot(3, B, snapshot));

        assertEquals(Optional.of(snapshot), ready.installed());
        assertEquals(Optional.of(snapshot), ready.compactTo());
        assertEquals(OptionalLong.of(6), ready.truncateFrom(), "the old log goes entirely");
        assertEquals(5, ctx.node.lastIndex());
        assertEquals(5, ctx.node.commitIndex());
        assertEquals(List.of(), ready.committedEntries(), "the state machine comes from the snapshot, not from entries");
        assertEquals(List.of(), ctx.sent(AppendEntriesReply.class));
        assertEquals(List.of(AppendEntriesReply.accepted(3, A, 5, 0)), ctx.sentAfterPersist(AppendEntriesReply.class),
                "acknowledged only once the snapshot is durable");

        ctx.clearSent();
        ctx.deliver(append(B, 3, 5, 3, 6, entry(3, 6)));
        assertEquals(List.of(AppendEntriesReply.accepted(3, A, 6, 0)), ctx.sentAfterPersist(AppendEntriesReply.class));
        ctx.persistAll();
        assertEquals(List.of(entry(3, 6)), ctx.applied, "entries after the snapshot apply as usual");
    }

    @Test
    void aFollowerWhoseLogHoldsTheSnapshotsLastEntryKeepsWhatFollows() {
        RaftTestContext ctx = nodeA(2, entry(1, 1), entry(2, 2), entry(2, 3), entry(2, 4));

        Ready ready = ctx.deliver(new InstallSnapshot(2, B, new SnapshotMeta(3, 2, ABC)));

        assertEquals(OptionalLong.empty(), ready.truncateFrom());
        assertEquals(4, ctx.node.lastIndex());
        assertEquals(Optional.of(entry(2, 4)), ctx.node.entry(4));
        assertEquals(3, ctx.node.snapshotIndex());
    }

    @Test
    void anOldSnapshotChangesNothingButIsAcknowledged() {
        RaftTestContext ctx = nodeA(2);
        ctx.deliver(append(B, 2, 0, 0, 3, entry(1, 1), entry(2, 2), entry(2, 3)));
        ctx.persistAll();
        ctx.clearSent();

        Ready ready = ctx.deliver(new InstallSnapshot(2, B, new SnapshotMeta(2, 2, ABC)));

        assertEquals(Optional.empty(), ready.installed());
        assertEquals(Optional.empty(), ready.compactTo());
        assertEquals(3, ctx.node.lastIndex());
        assertEquals(List.of(AppendEntriesReply.accepted(2, A, 2, 0)), ctx.sentAfterPersist(AppendEntriesReply.class));
    }

    @Test
    void anAppendBehindOurSnapshotIsAnsweredWithWhereOurLogStarts() {
        RaftTestContext ctx = nodeA(3);
        ctx.deliver(new InstallSnapshot(3, B, new SnapshotMeta(5, 3, ABC)));
        ctx.persistAll();
        ctx.clearSent();

        ctx.deliver(append(B, 3, 2, 2, 5, entry(3, 3)));

        assertEquals(List.of(AppendEntriesReply.accepted(3, A, 5, 0)), ctx.sentAfterPersist(AppendEntriesReply.class));
        assertEquals(5, ctx.node.lastIndex(), "nothing inside the snapshot is rewritten");
    }

    @Test
    void aRestartedNodeStartsFromItsSnapshotAndTail() {
        List<LogEntry> tail = List.of(entry(3, 6), entry(3, 7));
        RaftNode node = new RaftNode(A, ABC, CONFIG, new Random(1), new HardState(3, Optional.empty()),
                new SnapshotMeta(5, 3, ABC), tail, 5);

        assertEquals(7, node.lastIndex());
        assertEquals(5, node.commitIndex());
        assertEquals(3, node.termAt(5));
        assertThrows(IllegalStateException.class, () -> new RaftNode(A, ABC, CONFIG, new Random(1),
                new HardState(3, Optional.empty()), new SnapshotMeta(5, 3, ABC), tail, 4),
                "a state machine older than the snapshot cannot be brought up from the log");
        assertThrows(IllegalStateException.class, () -> new RaftNode(A, ABC, CONFIG, new Random(1),
                new HardState(3, Optional.empty()), new SnapshotMeta(5, 3, ABC), List.of(entry(3, 7)), 5),
                "a gap between the snapshot and the tail");
    }

    @Test
    void theSnapshotsConfigurationHoldsUntilALaterConfigurationEntry() {
        io.raftlite.raft.message.ClusterConfiguration ab = new io.raftlite.raft.message.ClusterConfiguration(List.of(A, B));
        RaftNode node = new RaftNode(A, ABC, CONFIG, new Random(1), new HardState(3, Optional.empty()),
                new SnapshotMeta(5, 3, ab), List.of(entry(3, 6)), 5);

        assertEquals(ab, node.configuration());
    }
}
