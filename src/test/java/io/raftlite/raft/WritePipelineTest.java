package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.RequestVoteReply;
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
}
