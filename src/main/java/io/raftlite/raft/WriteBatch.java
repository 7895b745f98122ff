package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One durable write, merged from the Readys that arrived while the previous write was in flight
 * (group commit). Storage applies it atomically: set the hard state, remove the log from
 * {@code truncateFrom}, append {@code entries} (which then start right after the log's end).
 */
public final class WriteBatch {
    private HardState hardState;
    private long truncateFrom;
    private final List<LogEntry> entries = new ArrayList<>();
    private final List<Envelope> messagesWhenDurable = new ArrayList<>();

    void merge(Ready ready) {
        ready.hardState().ifPresent(state -> hardState = state);
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
        return hardState == null && entries.isEmpty() && truncateFrom == 0;
    }

    public Optional<HardState> hardState() {
        return Optional.ofNullable(hardState);
    }

    public OptionalLong truncateFrom() {
        return truncateFrom == 0 ? OptionalLong.empty() : OptionalLong.of(truncateFrom);
    }

    public List<LogEntry> entries() {
        return List.copyOf(entries);
    }

    /** Messages that may leave once this batch is durable. */
    public List<Envelope> messagesWhenDurable() {
        return List.copyOf(messagesWhenDurable);
    }

    public Optional<LogEntry> lastEntry() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }
}
