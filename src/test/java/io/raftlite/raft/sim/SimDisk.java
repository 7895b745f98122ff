package io.raftlite.raft.sim;

import io.raftlite.raft.HardState;
import io.raftlite.raft.WriteBatch;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.SnapshotMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A server's durable state: only what a completed write put here survives a crash. Checks the
 * durability rules that only storage can see: terms never go back, one vote per term. The log is
 * a snapshot (what it covers) and the entries after it.
 */
final class SimDisk {
    private final String owner;
    private HardState hardState = HardState.INITIAL;
    private SnapshotMeta snapshot = SnapshotMeta.NONE;
    private final List<LogEntry> log = new ArrayList<>();
    /** The state machine is durable too (SQLite records its applied index with each entry). */
    private final List<LogEntry> applied = new ArrayList<>();

    SimDisk(String owner) {
        this.owner = owner;
    }

    /**
     * One atomic write, in the order production storage uses: hard state, compaction, truncation
     * (never into the snapshot), append. An installed snapshot's state machine replaces ours in the
     * same write: production fsyncs the received file first and restores from it on restart.
     */
    void write(WriteBatch batch, Function<SnapshotMeta, List<LogEntry>> snapshotData) {
        batch.hardState().ifPresent(this::writeHardState);
        batch.compactTo().ifPresent(this::compact);
        batch.truncateFrom().ifPresent(from -> {
            while (lastIndex() >= Math.max(from, snapshot.index() + 1)) {
                log.remove(log.size() - 1);
            }
        });
        for (LogEntry entry : batch.entries()) {
            if (entry.index() != lastIndex() + 1) {
                throw new InvariantViolation(owner + " storage: append at " + entry.index() + " after last " + lastIndex());
            }
            log.add(entry);
        }
        batch.installed().ifPresent(installed -> {
            applied.clear();
            applied.addAll(snapshotData.apply(installed));
        });
    }

    private void compact(SnapshotMeta covering) {
        if (covering.index() <= snapshot.index()) {
            return;
        }
        int covered = (int) Math.min(log.size(), covering.index() - snapshot.index());
        log.subList(0, covered).clear();
        snapshot = covering;
    }

    private void writeHardState(HardState next) {
        if (next.term() < hardState.term()) {
            throw new InvariantViolation(owner + " durable term went back from " + hardState.term() + " to " + next.term());
        }
        if (next.term() == hardState.term() && hardState.votedFor().isPresent()
                && !hardState.votedFor().equals(next.votedFor())) {
            throw new InvariantViolation(owner + " voted twice in term " + next.term() + ": "
                    + hardState.votedFor().get() + " then " + next.votedFor());
        }
        hardState = next;
    }

    void apply(LogEntry entry) {
        if (entry.index() != applied.size() + 1) {
            throw new InvariantViolation(owner + " applied index " + entry.index() + " after " + applied.size()
                    + " (entries must be applied in order, exactly once)");
        }
        applied.add(entry);
    }

    long lastIndex() {
        return snapshot.index() + log.size();
    }

    long termAt(long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        return index > snapshot.index() && index <= lastIndex() ? log.get((int) (index - snapshot.index() - 1)).term() : 0;
    }

    HardState hardState() {
        return hardState;
    }

    SnapshotMeta snapshot() {
        return snapshot;
    }

    /** The entries after the snapshot. */
    List<LogEntry> log() {
        return List.copyOf(log);
    }

    List<LogEntry> applied() {
        return applied;
    }
}
