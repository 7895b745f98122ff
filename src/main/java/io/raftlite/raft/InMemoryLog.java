package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * The Raft log as the protocol sees it: every entry since the start (snapshots come later), both
 * durable and not yet durable. Indexes start at 1; index 0 is the empty prefix with term 0.
 */
final class InMemoryLog {
    private final ArrayList<LogEntry> entries = new ArrayList<>();

    InMemoryLog(List<LogEntry> recovered) {
        long expected = 1;
        for (LogEntry entry : recovered) {
            if (entry.index() != expected) {
                throw new IllegalStateException("recovered log has a gap: expected index " + expected
                        + " but found " + entry.index());
            }
            expected++;
        }
        entries.addAll(recovered);
    }

    long lastIndex() {
        return entries.size();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /** Term of the entry at {@code index}; 0 for index 0 and for indexes past the end. */
    long term(long index) {
        if (index < 1 || index > lastIndex()) {
            return 0;
        }
        return entries.get((int) (index - 1)).term();
    }

    boolean contains(long index) {
        return index >= 1 && index <= lastIndex();
    }

    LogEntry entry(long index) {
        if (!contains(index)) {
            throw new IllegalArgumentException("no log entry at index " + index + " (last " + lastIndex() + ")");
        }
        return entries.get((int) (index - 1));
    }

    /** Entries from {@code fromIndex} on, at most {@code maxCount} and about {@code maxBytes} (always at least one). */
    List<LogEntry> slice(long fromIndex, int maxCount, int maxBytes) {
        List<LogEntry> result = new ArrayList<>();
        int bytes = 0;
        for (long index = fromIndex; index <= lastIndex() && result.size() < maxCount; index++) {
            LogEntry entry = entry(index);
            bytes += entry.sizeInBytes();
            if (!result.isEmpty() && bytes > maxBytes) {
                break;
            }
            result.add(entry);
        }
        return result;
    }

    /** Entries in (afterIndex, throughIndex]. */
    List<LogEntry> between(long afterIndex, long throughIndex) {
        return List.copyOf(entries.subList((int) afterIndex, (int) Math.min(throughIndex, lastIndex())));
    }

    void append(LogEntry entry) {
        if (entry.index() != lastIndex() + 1) {
            throw new IllegalStateException("append at index " + entry.index() + " but last index is " + lastIndex());
        }
        entries.add(entry);
    }

    /** Removes the entries at {@code fromIndex} and after. */
    void truncateFrom(long fromIndex) {
        entries.subList((int) (fromIndex - 1), entries.size()).clear();
    }

    /**
     * The largest index at or below {@code index} whose term is at most {@code term}: the point to
     * resume replication from after a rejection (etcd's findConflictByTerm).
     */
    long lastIndexWithTermAtMost(long index, long term) {
        long candidate = Math.min(index, lastIndex());
        while (candidate > 0 && term(candidate) > term) {
            candidate--;
        }
        return candidate;
    }
}
