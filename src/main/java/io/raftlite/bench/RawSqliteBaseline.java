package io.raftlite.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;

/**
 * The physical baseline on the same disk: plain SQLite through sqlite-jdbc in WAL mode with
 * synchronous=FULL (an fsync per commit, like raftlite's log), one row per transaction, and
 * 1000 rows per transaction.
 */
final class RawSqliteBaseline {
    private RawSqliteBaseline() {
    }

    /** Committed transactions a second, one INSERT each. */
    static double singleRowTransactionsPerSecond(Path dir, Duration duration) throws Exception {
        return rowsPerSecond(dir, 1, duration);
    }

    /** Rows a second, inserted {@code rowsPerTransaction} to a transaction. */
    static double rowsPerSecond(Path dir, int rowsPerTransaction, Duration duration) throws Exception {
        Files.createDirectories(dir);
        Path file = Files.createTempFile(dir, "baseline", ".sqlite");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA journal_mode=WAL");
                statement.execute("PRAGMA synchronous=FULL");
                statement.execute("CREATE TABLE bench (id INTEGER PRIMARY KEY, client INTEGER, seq INTEGER, payload TEXT)");
            }
            connection.setAutoCommit(false);
            long rows = 0;
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bench(client, seq, payload) VALUES(?, ?, ?)")) {
                while (System.nanoTime() < end) {
                    for (int i = 0; i < rowsPerTransaction; i++) {
                        insert.setInt(1, 0);
                        insert.setLong(2, rows);
                        insert.setString(3, "payload-" + rows);
                        insert.executeUpdate();
                        rows++;
                    }
                    connection.commit();
                }
            }
            return rows / ((System.nanoTime() - start) / 1e9);
        } finally {
            for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        }
    }
}
