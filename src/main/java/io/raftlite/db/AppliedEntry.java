package io.raftlite.db;

/**
 * A committed log entry as the state machine sees it: its position and, for a SQL write, the
 * encoded {@link io.raftlite.command.SqlCommand} (empty for entries with nothing to run, such as a
 * leader's no-op or a configuration change, which only move the applied index).
 */
public record AppliedEntry(long index, long term, byte[] command) {
    private static final byte[] NOTHING = new byte[0];

    public static AppliedEntry nothingToRun(long index, long term) {
        return new AppliedEntry(index, term, NOTHING);
    }
}
