package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Group commit for a host of {@link RaftNode}: at most one durable write in flight; everything that
 * needs persisting meanwhile is merged into the next one, so one fsync covers many proposals.
 * Messages that depend on durability wait for the batch that covers them (or for the in-flight
 * one, when their Ready wrote nothing new). Pure bookkeeping, shared by the Pekko host and the
 * simulator.
 */
public final class WritePipeline {
    private WriteBatch pending = new WriteBatch();
    private WriteBatch inFlight;

    /** Takes one Ready's durable part and returns the messages that may be sent at once. */
    public List<Envelope> add(Ready ready) {
        List<Envelope> sendNow = new ArrayList<>(ready.messages());
        if (ready.needsPersist() || ready.truncateFrom().isPresent()) {
            pending.merge(ready);
            pending.holdUntilDurable(ready.messagesAfterPersist());
        } else if (!ready.messagesAfterPersist().isEmpty()) {
            if (!pending.isEmpty()) {
                pending.holdUntilDurable(ready.messagesAfterPersist());
            } else if (inFlight != null) {
                inFlight.holdUntilDurable(ready.messagesAfterPersist());
            } else {
                sendNow.addAll(ready.messagesAfterPersist());
            }
        }
        return sendNow;
    }

    /**
     * Which of {@code committed} (a Ready's committed entries, after {@link #add}) the host may
     * apply now. While a write that installs a leader's snapshot is pending or in flight, later
     * entries wait in it: the state machine is restored from the snapshot once that write is
     * durable, and only then are they applied ({@link WriteBatch#appliesAfterInstall()}).
     */
    public List<LogEntry> applicableNow(List<LogEntry> committed) {
        WriteBatch installing = pending.installed().isPresent() ? pending
                : inFlight != null && inFlight.installed().isPresent() ? inFlight : null;
        if (installing == null || committed.isEmpty()) {
            return committed;
        }
        installing.holdApplies(committed);
        return List.of();
    }

    /** The next batch to write, if none is in flight and something waits. */
    public Optional<WriteBatch> startNextWrite() {
        if (inFlight != null || pending.isEmpty()) {
            return Optional.empty();
        }
        inFlight = pending;
        pending = new WriteBatch();
        return Optional.of(inFlight);
    }

    /** The in-flight batch is durable: returns it, so its held messages can be sent and its last entry reported. */
    public WriteBatch completeWrite() {
        if (inFlight == null) {
            throw new IllegalStateException("no write in flight");
        }
        WriteBatch done = inFlight;
        inFlight = null;
        return done;
    }

    public boolean writeInFlight() {
        return inFlight != null;
    }
}
