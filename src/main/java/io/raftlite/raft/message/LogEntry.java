package io.raftlite.raft.message;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the replicated log. Two entries with the same index and term are the same entry
 * (Log Matching), so equality compares the bytes too: tests use it to check exactly that.
 */
public record LogEntry(long term, long index, EntryType type, byte[] data) implements CborSerializable {
    private static final byte[] EMPTY = new byte[0];

    public LogEntry {
        if (term < 1 || index < 1) {
            throw new IllegalArgumentException("log entry needs term and index >= 1, got term "
                    + term + " index " + index);
        }
        Objects.requireNonNull(type, "type");
        data = data == null ? EMPTY : data;
    }

    public static LogEntry noop(long term, long index) {
        return new LogEntry(term, index, EntryType.NOOP, EMPTY);
    }

    public static LogEntry configuration(long term, long index, byte[] encodedConfiguration) {
        return new LogEntry(term, index, EntryType.CONFIGURATION, encodedConfiguration);
    }

    public static LogEntry command(long term, long index, byte[] data) {
        return new LogEntry(term, index, EntryType.COMMAND, data);
    }

    /** Bytes this entry adds to a message, used to keep AppendEntries below the frame size. */
    public int sizeInBytes() {
        return data.length + 32;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogEntry that
                && term == that.term
                && index == that.index
                && type == that.type
                && Arrays.equals(data, that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, index, type) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "LogEntry[" + index + "@" + term + " " + type + " " + data.length + "B]";
    }
}
