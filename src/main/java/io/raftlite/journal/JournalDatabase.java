package io.raftlite.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The journal's SQLite file: events by (persistence id, sequence number), and the highest sequence
 * number ever written per persistence id, which must survive the deletion of the events themselves
 * (a recovering actor continues numbering from it).
 */
final class JournalDatabase implements AutoCloseable {
    record Row(String persistenceId, long sequenceNr, byte[] payload) {
    }

    interface RowConsumer {
        void accept(long sequenceNr, byte[] payload) throws Exception;
    }

    private final Path file;
    private final Connection connection;

    JournalDatabase(Path file) {
        this.file = file;
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                // FULL: a commit returns only once the WAL is fsynced; Raft acknowledges after that.
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("PRAGMA busy_timeout=5000");
                statement.execute("CREATE TABLE IF NOT EXISTS journal (persistence_id TEXT NOT NULL, "
                        + "sequence_nr INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (persistence_id, sequence_nr)) WITHOUT ROWID");
                statement.execute("CREATE TABLE IF NOT EXISTS highest_sequence_nr (persistence_id TEXT PRIMARY KEY, "
                        + "sequence_nr INTEGER NOT NULL) WITHOUT ROWID");
            }
            connection.setAutoCommit(false);
            connection.commit();
        } catch (Exception failure) {
            throw new IllegalStateException("cannot open the journal database " + file + ": " + failure.getMessage(), failure);
        }
    }

    /** Writes all rows in one transaction: all of them are durable when this returns, or none. */
    void insert(List<Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO journal (persistence_id, sequence_nr, payload) VALUES (?, ?, ?)");
             PreparedStatement highest = connection.prepareStatement(
                     "INSERT INTO highest_sequence_nr (persistence_id, sequence_nr) VALUES (?, ?) "
                             + "ON CONFLICT (persistence_id) DO UPDATE SET sequence_nr = max(sequence_nr, excluded.sequence_nr)")) {
            for (Row row : rows) {
                insert.setString(1, row.persistenceId());
                insert.setLong(2, row.sequenceNr());
                insert.setBytes(3, row.payload());
                insert.addBatch();
                highest.setString(1, row.persistenceId());
                highest.setLong(2, row.sequenceNr());
                highest.addBatch();
            }
            insert.executeBatch();
            highest.executeBatch();
            connection.commit();
        } catch (SQLException failure) {
            rollbackQuietly();
            throw new SQLException("journal write to " + file + " failed: " + failure.getMessage(), failure);
        }
    }

    void replay(String persistenceId, long from, long to, long max, RowConsumer consumer) throws Exception {
        try (PreparedStatement select = connection.prepareStatement("SELECT sequence_nr, payload FROM journal "
                + "WHERE persistence_id = ? AND sequence_nr BETWEEN ? AND ? ORDER BY sequence_nr LIMIT ?")) {
            select.setString(1, persistenceId);
            select.setLong(2, from);
            select.setLong(3, to);
            select.setLong(4, max);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    consumer.accept(rows.getLong(1), rows.getBytes(2));
                }
            }
        } finally {
            connection.commit(); // end the read transaction so the WAL can be checkpointed
        }
    }

    long highestSequenceNr(String persistenceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT sequence_nr FROM highest_sequence_nr WHERE persistence_id = ?")) {
            select.setString(1, persistenceId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } finally {
            connection.commit();
        }
    }

    void deleteTo(String persistenceId, long toSequenceNr) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM journal WHERE persistence_id = ? AND sequence_nr <= ?")) {
            delete.setString(1, persistenceId);
            delete.setLong(2, toSequenceNr);
            delete.executeUpdate();
            connection.commit();
        } catch (SQLException failure) {
            rollbackQuietly();
            throw failure;
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the original failure is what matters
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown: nothing left to protect
        }
    }
}
