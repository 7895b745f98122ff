package io.raftlite.raft.storage;

import io.raftlite.raft.HardState;
import io.raftlite.raft.WriteBatch;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A deterministic stream of write batches like a Raft node produces (terms and votes rising, entries
 * appended, a conflicting suffix replaced now and then), and the durable state expected after each.
 */
final class CrashWorkload {
    record State(HardState hardState, List<LogEntry> log) {
    }

    private CrashWorkload() {
    }

    /** The state after batches 0..count-1. */
    static State stateAfter(int count) {
        HardState hardState = HardState.INITIAL;
        List<LogEntry> log = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WriteBatch batch = batch(i, log.size());
            hardState = batch.hardState().orElse(hardState);
            batch.truncateFrom().ifPresent(from -> log.subList((int) from - 1, log.size()).clear());
            log.addAll(batch.entries());
        }
        return new State(hardState, List.copyOf(log));
    }

    /** Batch {@code i}, given the log length before it (a pure function of both). */
    static WriteBatch batch(int i, int logLength) {
        long term = 1 + i / 20;
        HardState hardState = new HardState(term, Optional.of(NodeId.of("n" + (1 + term % 3))));
        boolean replaceSuffix = i % 25 == 24 && logLength >= 2;
        long first = replaceSuffix ? logLength - 1 : logLength + 1;
        List<LogEntry> entries = new ArrayList<>();
        for (long index = first; index < first + 3; index++) {
            entries.add(LogEntry.command(term, index, ("batch " + i + " entry " + index).getBytes()));
        }
        return RaftStorageTest.batch(hardState, replaceSuffix ? OptionalLong.of(first) : OptionalLong.empty(),
                entries.toArray(LogEntry[]::new));
    }
}
