package io.raftlite.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The last log entry applied to a database, as its table {@code _raftlite_applied} records it (one
 * row, id 0). This class is the only one that knows the table's shape.
 */
record AppliedPosition(long index, long term) {
    static final AppliedPosition NOTHING_APPLIED = new AppliedPosition(0, 0);

    static void createTable(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS _raftlite_applied (id INTEGER PRIMARY KEY CHECK (id = 0), "
                    + "applied_index INTEGER NOT NULL, applied_term INTEGER NOT NULL)");
        }
    }

    /** Empty if the database has no {@code _raftlite_applied} table; nothing applied if it has no row. */
    static Optional<AppliedPosition> read(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            try (ResultSet table = statement.executeQuery(
                    "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '_raftlite_applied'")) {
                if (!table.next()) {
                    return Optional.empty();
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT applied_index, applied_term FROM _raftlite_applied WHERE id = 0")) {
                return Optional.of(row.next() ? new AppliedPosition(row.getLong(1), row.getLong(2)) : NOTHING_APPLIED);
            }
        }
    }

    /** Records this position; inside the caller's transaction if one is open. */
    void write(Connection connection) throws SQLException {
        try (var update = connection.prepareStatement("INSERT INTO _raftlite_applied (id, applied_index, applied_term) "
                + "VALUES (0, ?, ?) ON CONFLICT (id) DO UPDATE SET applied_index = excluded.applied_index, "
                + "applied_term = excluded.applied_term")) {
            update.setLong(1, index);
            update.setLong(2, term);
            update.executeUpdate();
        }
    }

    /**
     * Deletes and inserts the row again with the same values, so the transaction surely changes a page:
     * SQLite skips the page write (and so the commit, and its fsync) when an UPDATE leaves a row's
     * bytes as they were.
     */
    void rewrite(Connection connection) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute("DELETE FROM _raftlite_applied WHERE id = 0");
        }
        write(connection);
    }
}
