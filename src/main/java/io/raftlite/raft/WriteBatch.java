package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.SnapshotMeta;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One durable write, merged from the Readys that arrived while the previous write was in flight
 * (group commit). Storage applies it atomically: set the hard state, drop the log up to
 * {@code compactTo} and record that snapshot, remove the log from {@code truncateFrom}, append
 * {@code entries} (which then start right after the log's end). When it is durable the host
 * restores the state machine from {@code installed}, if present, before applying anything else.
 */
public final class WriteBatch {
    private HardState hardState;
    private long truncateFrom;
    private SnapshotMeta compactTo;
    private SnapshotMeta installed;
    private final List<LogEntry> entries = new ArrayList<>();
    private final List<Envelope> messagesWhenDurable = new ArrayList<>();
    /** Committed entries after {@code installed}: applied only once the snapshot is restored. */
    private final List<LogEntry> appliesAfterInstall = new ArrayList<>();

    void merge(Ready ready) {
        ready.hardState().ifPresent(state -> hardState = state);
        ready.compactTo().ifPresent(snapshot -> {
            // A later snapshot covers an earlier one; entries it covers need not be written at all.
            if (compactTo == null || snapshot.index() > compactTo.index()) {
                compactTo = snapshot;
            }
            entries.removeIf(entry -> entry.index() <= snapshot.index());
        });
        ready.installed().ifPresent(snapshot -> {
            installed = snapshot;
            appliesAfterInstall.removeIf(entry -> entry.index() <= snapshot.index()); // the newer snapshot has them
        });
        ready.truncateFrom().ifPresent(index -> {
            entries.removeIf(entry -> entry.index() >= index);
            truncateFrom = truncateFrom == 0 ? index : Math.min(truncateFrom, index);
        });
        entries.addAll(ready.entriesToAppend());
    }

    void holdUntilDurable(List<Envelope> messages) {
        messagesWhenDurable.addAll(messages);
    }

    boolean isEmpty() {
        return hardState == null && entries.isEmpty() && truncateFrom == 0 && compactTo == null;
    }

    public Optional<HardState> hardState() {
        return Optional.ofNullable(hardState);
    }

    public OptionalLong truncateFrom() {
        return truncateFrom == 0 ? OptionalLong.empty() : OptionalLong.of(truncateFrom);
    }

    public Optional<SnapshotMeta> compactTo() {
        return Optional.ofNullable(compactTo);
    }

    public Optional<SnapshotMeta> installed() {
        return Optional.ofNullable(installed);
    }

    public List<LogEntry> entries() {
        return List.copyOf(entries);
    }

    void holdApplies(List<LogEntry> committed) {
        long coveredThrough = installed == null ? 0 : installed.index();
        committed.stream().filter(entry -> entry.index() > coveredThrough).forEach(appliesAfterInstall::add);
    }

    /** Committed entries to apply, in order, after restoring the state machine from {@link #installed()}. */
    public List<LogEntry> appliesAfterInstall() {
        return List.copyOf(appliesAfterInstall);
    }

    /** Messages that may leave once this batch is durable. */
    public List<Envelope> messagesWhenDurable() {
        return List.copyOf(messagesWhenDurable);
    }

    public Optional<LogEntry> lastEntry() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }
}
