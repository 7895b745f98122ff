package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.RequestVoteReply;
import io.raftlite.raft.message.SnapshotMeta;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.raftlite.raft.RaftTestContext.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Group commit: one write in flight, everything arriving meanwhile merged into the next one. */
class WritePipelineTest {
    private static final Envelope GRANT = new Envelope(NodeId.of("b"), new RequestVoteReply(2, NodeId.of("a"), true));
    private static final Envelope HEARTBEAT = new Envelope(NodeId.of("c"), new RequestVoteReply(2, NodeId.of("a"), false));

    private static Ready ready(Optional<HardState> hardState, OptionalLong truncateFrom, List<LogEntry> entries,
                               List<Envelope> now, List<Envelope> afterPersist) {
        return new Ready(hardState, truncateFrom, entries, now, afterPersist, List.of(), List.of(), RoleKind.FOLLOWER, 2,
                Optional.empty());
    }

    @Test
    void readysArrivingDuringAWriteAreMergedIntoOneNextWrite() {
        WritePipeline pipeline = new WritePipeline();
        pipeline.add(ready(Optional.empty(), OptionalLong.empty(), List.of(entry(1, 1)), List.of(), List.of()));
        WriteBatch first = pipeline.startNextWrite().orElseThrow();

        pipeline.add(ready(Optional.empty(), OptionalLong.empty(), List.of(entry(1, 2)), List.of(), List.of()));
        pipeline.add(ready(Optional.of(new HardState(2, Optional.empty())), OptionalLong.empty(), List.of(entry(2, 3)), List.of(), List.of()));
        assertTrue(pipeline.startNextWrite().isEmpty(), "only one write in flight");

        assertEquals(first, pipeline.completeWrite());
        WriteBatch merged = pipeline.startNextWrite().orElseThrow();
        assertEquals(List.of(entry(1, 2), entry(2, 3)), merged.entries(), "two Readys, one write (one fsync)");
        assertEquals(Optional.of(new HardState(2, Optional.empty())), merged.hardState());
    }

    @Test
    void messagesWaitForTheWriteThatCoversThemAndOthersLeaveAtOnce() {
        WritePipeline pipeline = new WritePipeline();
        pipeline.add(ready(Optional.empty(), OptionalLong.empty(), List.of(entry(1, 1)), List.of(), List.of()));
        pipeline.startNextWrite();

        List<Envelope> now = pipeline.add(ready(Optional.of(new HardState(2, Optional.of(NodeId.of("b")))),
                OptionalLong.empty(), List.of(), List.of(HEARTBEAT), List.of(GRANT)));

        assertEquals(List.of(HEARTBEAT), now);
        assertEquals(List.of(), pipeline.completeWrite().messagesWhenDurable(), "the grant's vote is in the next write");
        assertEquals(List.of(GRANT), pipeline.startNextWrite().orElseThrow().messagesWhenDurable());
    }

    @Test
    void aMessageWithNothingNewToWriteWaitsForTheWriteInFlight() {
        WritePipeline pipeline = new WritePipeline();
        pipeline.add(ready(Optional.empty(), OptionalLong.empty(), List.of(entry(1, 1)), List.of(), List.of()));
        pipeline.startNextWrite();

        List<Envelope> now = pipeline.add(ready(Optional.empty(), OptionalLong.empty(), List.of(), List.of(), List.of(GRANT)));

        assertEquals(List.of(), now, "it may depend on the entry still being written");
        assertEquals(List.of(GRANT), pipeline.completeWrite().messagesWhenDurable());
        assertFalse(pipeline.writeInFlight());
    }

    @Test
    void aTruncationMergedAfterAppendsKeepsOnlyTheSurvivingEntries() {
        WritePipeline pipeline = new WritePipeline();
        pipeline.add(ready(Optional.empty(), OptionalLong.empty(), List.of(entry(1, 1)), List.of(), List.of()));
        pipeline.startNextWrite();
        pipeline.add(ready(Optional.empty(), OptionalLong.empty(), List.of(entry(1, 2), entry(1, 3), entry(1, 4)), List.of(), List.of()));
        pipeline.add(ready(Optional.empty(), OptionalLong.of(3), List.of(entry(2, 3)), List.of(), List.of()));
        pipeline.completeWrite();

        WriteBatch merged = pipeline.startNextWrite().orElseThrow();

        assertEquals(OptionalLong.of(3), merged.truncateFrom());
        assertEquals(List.of(entry(1, 2), entry(2, 3)), merged.entries());
    }

    private static Ready snapshotReady(SnapshotMeta compactTo, SnapshotMeta installed, List<LogEntry> committed) {
        return new Ready(Optional.empty(), OptionalLong.empty(), List.of(), List.of(), List.of(), committed, List.of(),
                RoleKind.FOLLOWER, 2, Optional.empty(), Optional.ofNullable(compactTo), Optional.ofNullable(installed), List.of());
    }

    @Test
    void entriesCommittedAfterAnInstalledSnapshotWaitUntilItIsDurable() {
        WritePipeline pipeline = new WritePipeline();
        SnapshotMeta snapshot = new SnapshotMeta(5, 2, RaftTestContext.ABC);
        Ready install = snapshotReady(snapshot, snapshot, List.of());
        pipeline.add(install);
        assertEquals(List.of(), pipeline.applicableNow(install.committedEntries()));
        WriteBatch writing = pipeline.startNextWrite().orElseThrow();

        Ready later = snapshotReady(null, null, List.of(entry(2, 6), entry(2, 7)));
        pipeline.add(later);
        assertEquals(List.of(), pipeline.applicableNow(later.committedEntries()), "the state machine is not restored yet");

        WriteBatch done = pipeline.completeWrite();
        assertEquals(writing, done);
        assertEquals(Optional.of(snapshot), done.installed());
        assertEquals(List.of(entry(2, 6), entry(2, 7)), done.appliesAfterInstall(), "applied right after the restore");
        Ready after = snapshotReady(null, null, List.of(entry(2, 8)));
        pipeline.add(after);
        assertEquals(List.of(entry(2, 8)), pipeline.applicableNow(after.committedEntries()));
    }

    @Test
    void aNewerSnapshotInTheSameWriteDropsTheEntriesItCovers() {
        WritePipeline pipeline = new WritePipeline();
        SnapshotMeta first = new SnapshotMeta(5, 2, RaftTestContext.ABC);
        SnapshotMeta second = new SnapshotMeta(9, 2, RaftTestContext.ABC);
        pipeline.add(snapshotReady(first, first, List.of()));
        pipeline.applicableNow(List.of(entry(2, 6), entry(2, 10)));
        pipeline.add(new Ready(Optional.empty(), OptionalLong.empty(), List.of(entry(2, 11)), List.of(), List.of(), List.of(),
                List.of(), RoleKind.FOLLOWER, 2, Optional.empty()));
        pipeline.add(snapshotReady(second, second, List.of()));

        WriteBatch batch = pipeline.startNextWrite().orElseThrow();
        assertEquals(Optional.of(second), batch.compactTo());
        assertEquals(Optional.of(second), batch.installed());
        assertEquals(List.of(entry(2, 10)), batch.appliesAfterInstall());
        assertEquals(List.of(entry(2, 11)), batch.entries());
    }
}
