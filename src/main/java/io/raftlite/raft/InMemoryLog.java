package io.raftlite.raft;

import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.SnapshotMeta;

import java.util.ArrayList;
import java.util.List;

/**
 * The Raft log as the protocol sees it: a snapshot covering every entry up to its index, then the
 * entries after it, both durable and not yet durable. Indexes start at 1; index 0 is the empty
 * prefix with term 0. Entries inside the snapshot are gone: their term reads as 0, which matches
 * no real entry, so a consistency check against them fails rather than passes.
 */
final class InMemoryLog {
    /** What an entry costs besides its data (term, index, type, references), for the size estimate. */
    static final int ENTRY_OVERHEAD_BYTES = 48;

    private final ArrayList<LogEntry> entries = new ArrayList<>();
    private SnapshotMeta snapshot;
    private long bytes;

    InMemoryLog(SnapshotMeta snapshot, List<LogEntry> recovered) {
        this.snapshot = snapshot;
        long expected = snapshot.index() + 1;
        for (LogEntry entry : recovered) {
            if (entry.index() != expected) {
                throw new IllegalStateException("recovered log has a gap: expected index " + expected
                        + " but found " + entry.index());
            }
            expected++;
        }
        entries.addAll(recovered);
        recovered.forEach(entry -> bytes += size(entry));
    }

    private static long size(LogEntry entry) {
        return entry.data().length + ENTRY_OVERHEAD_BYTES;
    }

    /** Approximately how much memory the entries after the snapshot take. */
    long bytes() {
        return bytes;
    }

    /**
     * How many entries, counting back from {@code throughIndex}, fit within both {@code maxEntries}
     * and about {@code maxBytes}: what a compaction up to {@code throughIndex} keeps.
     */
    long trailingCount(long throughIndex, long maxEntries, long maxBytes) {
        long count = 0;
        long total = 0;
        for (long index = Math.min(throughIndex, lastIndex()); index > snapshot.index() && count < maxEntries; index--) {
            total += size(entry(index));
            if (total > maxBytes) {
                break;
            }
            count++;
        }
        return count;
    }

    private void forget(List<LogEntry> removed) {
        removed.forEach(entry -> bytes -= size(entry));
        removed.clear();
    }

    SnapshotMeta snapshot() {
        return snapshot;
    }

    /** The last index the snapshot covers (0 without one). */
    long snapshotIndex() {
        return snapshot.index();
    }

    long lastIndex() {
        return snapshot.index() + entries.size();
    }

    long lastTerm() {
        return term(lastIndex());
    }

    /** Term of the entry at {@code index}: the snapshot's at its index; 0 at 0, inside the snapshot and past the end. */
    long term(long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index <= snapshot.index() || index > lastIndex()) {
            return 0;
        }
        return entries.get(offset(index)).term();
    }

    /** Whether the entry itself is here (not compacted into the snapshot, not past the end). */
    boolean contains(long index) {
        return index > snapshot.index() && index <= lastIndex();
    }

    LogEntry entry(long index) {
        if (!contains(index)) {
            throw new IllegalArgumentException("no log entry at index " + index + " (snapshot up to "
                    + snapshot.index() + ", last " + lastIndex() + ")");
        }
        return entries.get(offset(index));
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

    /** Entries in (afterIndex, throughIndex]; {@code afterIndex} must not be inside the snapshot. */
    List<LogEntry> between(long afterIndex, long throughIndex) {
        if (afterIndex < snapshot.index()) {
            throw new IllegalArgumentException("entries after " + afterIndex + " are compacted up to " + snapshot.index());
        }
        return List.copyOf(entries.subList(offset(afterIndex + 1), offset(Math.min(throughIndex, lastIndex()) + 1)));
    }

    void append(LogEntry entry) {
        if (entry.index() != lastIndex() + 1) {
            throw new IllegalStateException("append at index " + entry.index() + " but last index is " + lastIndex());
        }
        entries.add(entry);
        bytes += size(entry);
    }

    /** Removes the entries at {@code fromIndex} and after. */
    void truncateFrom(long fromIndex) {
        if (fromIndex <= snapshot.index()) {
            throw new IllegalArgumentException("cannot truncate from " + fromIndex + ": compacted up to " + snapshot.index());
        }
        forget(entries.subList(offset(Math.min(fromIndex, lastIndex() + 1)), entries.size()));
    }

    /** Drops the entries the snapshot covers; the log keeps those after it (its index must be in the log). */
    void compact(SnapshotMeta covering) {
        if (covering.index() <= snapshot.index()) {
            return;
        }
        if (term(covering.index()) != covering.term()) {
            throw new IllegalArgumentException("snapshot " + covering + " does not match the log");
        }
        forget(entries.subList(0, offset(covering.index() + 1)));
        snapshot = covering;
    }

    /** Replaces the whole log with a snapshot that does not match it (InstallSnapshot, Figure 5.3 step 7). */
    void reset(SnapshotMeta replacement) {
        entries.clear();
        bytes = 0;
        snapshot = replacement;
    }

    /**
     * The largest index at or below {@code index} whose term is at most {@code term}: the point to
     * resume replication from after a rejection (etcd's findConflictByTerm). Inside the snapshot the
     * answer is at most the snapshot's index, and the leader then sends the snapshot.
     */
    long lastIndexWithTermAtMost(long index, long term) {
        long candidate = Math.min(index, lastIndex());
        while (candidate > snapshot.index() && term(candidate) > term) {
            candidate--;
        }
        if (candidate == snapshot.index() && snapshot.term() > term) {
            candidate--; // the snapshot's entry is newer than asked: the answer lies inside it
        }
        return Math.max(candidate, 0);
    }

    private int offset(long index) {
        return (int) (index - snapshot.index() - 1);
    }
}
