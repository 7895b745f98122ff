package io.raftlite.raft.sim;

import io.raftlite.raft.HardState;
import io.raftlite.raft.WriteBatch;
import io.raftlite.raft.message.LogEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * A server's durable state: only what a completed write put here survives a crash. Checks the
 * durability rules that only storage can see: terms never go back, one vote per term.
 */
final class SimDisk {
    private final String owner;
    private HardState hardState = HardState.INITIAL;
    private final List<LogEntry> log = new ArrayList<>();
    /** The state machine is durable too (SQLite records its applied index with each entry). */
    private final List<LogEntry> applied = new ArrayList<>();

    SimDisk(String owner) {
        this.owner = owner;
    }

    void write(WriteBatch batch) {
        batch.hardState().ifPresent(this::writeHardState);
        batch.truncateFrom().ifPresent(from -> {
            while (log.size() >= from) {
                log.remove(log.size() - 1);
            }
        });
        for (LogEntry entry : batch.entries()) {
            if (entry.index() != log.size() + 1) {
                throw new InvariantViolation(owner + " storage: append at " + entry.index() + " after last " + log.size());
            }
            log.add(entry);
        }
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

    long logSize() {
        return log.size();
    }

    long termAt(long index) {
        return index >= 1 && index <= log.size() ? log.get((int) index - 1).term() : 0;
    }

    HardState hardState() {
        return hardState;
    }

    List<LogEntry> log() {
        return List.copyOf(log);
    }

    List<LogEntry> applied() {
        return applied;
    }
}
