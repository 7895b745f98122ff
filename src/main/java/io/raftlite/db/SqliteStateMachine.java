package io.raftlite.db;

import io.raftlite.api.Statement;
import io.raftlite.api.StatementResult;
import io.raftlite.command.CommandCodec;
import io.raftlite.command.SqlCommand;
import io.raftlite.command.SqlParameters;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The replicated state machine: applies committed log entries to {@code db.sqlite} through its one
 * write connection, a batch of entries per SQLite transaction, recording the last applied index in
 * that same transaction. Not thread-safe: one applier owns it.
 *
 * <p>Within the batch transaction each request keeps rqlite's semantics through savepoints: without
 * {@code transaction} every statement stands alone (a failed one is rolled back, the rest go on);
 * with it, the first failure rolls back the whole request and stops it.
 */
public final class SqliteStateMachine implements AutoCloseable {
    private final Path file;
    private final Connection connection;
    private final StatementRunner runner;
    private AppliedPosition applied;
    /** The end of the WAL when it was last known fsynced (what a simulated power cut keeps). */
    private WalDurability.Mark durable;
    private final Path wal;
    /** SQLite's automatic checkpoint runs once the WAL holds 1000 pages (4 MB); ours at the same size. */
    private static final long CHECKPOINT_WAL_BYTES = 4L * 1024 * 1024;

    private SqliteStateMachine(Path file, Connection connection) throws SQLException {
        this.file = file;
        this.wal = file.resolveSibling(file.getFileName() + "-wal");
        this.connection = connection;
        this.runner = new StatementRunner(connection);
        configure();
        AppliedPosition.createTable(connection);
        applied = AppliedPosition.read(connection).orElse(AppliedPosition.NOTHING_APPLIED);
        // What an earlier run left may have been fsynced by it (a compaction relies on that): keep it all.
        checkpoint(true);
    }

    private void configure() throws SQLException {
        execute("PRAGMA journal_mode=WAL");
        // NORMAL, not FULL: a crash may lose the newest transactions here, but the Raft log is
        // fsynced and the applied index rolls back with them, so they are simply applied again.
        execute("PRAGMA synchronous=NORMAL");
        execute("PRAGMA busy_timeout=5000");
        // Checkpoints are ours (see checkpoint()), so that we know which writes are on disk. With a
        // size limit of 0 the WAL file is cut back when it starts over, so its size is what it holds.
        execute("PRAGMA wal_autocheckpoint=0");
        execute("PRAGMA journal_size_limit=0");
    }

    /** Opens (or creates) the database file; the applied index is read back from it. */
    public static SqliteStateMachine open(Path file) {
        try {
            return new SqliteStateMachine(file, DriverManager.getConnection("jdbc:sqlite:" + file));
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot open the SQLite database " + file + ": " + SqliteErrors.message(failure), failure);
        }
    }

    public long lastAppliedIndex() {
        return applied.index();
    }

    /** The term of the entry at {@link #lastAppliedIndex()} (0 when nothing was applied). */
    public long lastAppliedTerm() {
        return applied.term();
    }

    /**
     * Applies consecutive committed entries in one transaction and returns, per entry, the results of
     * its statements. Entries at or below the applied index are skipped (empty results): never twice.
     *
     * @throws IllegalStateException if SQLite cannot commit (disk full, I/O error): nothing of the
     *                               batch is applied and the caller must not continue past it
     */
    public List<List<StatementResult>> apply(List<AppliedEntry> entries) {
        List<List<StatementResult>> results = new ArrayList<>(entries.size());
        AppliedEntry last = null;
        try {
            execute("BEGIN IMMEDIATE");
            for (AppliedEntry entry : entries) {
                if (entry.index() <= applied.index() || entry.command().length == 0) {
                    results.add(List.of());
                } else {
                    results.add(runRequest(decode(entry)));
                }
                if (entry.index() > applied.index()) {
                    last = entry;
                }
            }
            if (last != null) {
                new AppliedPosition(last.index(), last.term()).write(connection);
            }
            execute("COMMIT");
        } catch (SQLException failure) {
            rollbackQuietly();
            throw new IllegalStateException("applying entries up to " + (last == null ? "?" : last.index())
                    + " failed and was rolled back: " + SqliteErrors.message(failure), failure);
        }
        if (last != null) {
            applied = new AppliedPosition(last.index(), last.term());
        }
        if (walBytes() >= CHECKPOINT_WAL_BYTES) {
            checkpoint(false); // like SQLite's own: tried after every commit while the WAL is large
        }
        return results;
    }

    /**
     * Makes everything applied so far durable (fsynced) and returns the applied index it covers, for
     * a Raft snapshot or log compaction to rely on.
     *
     * @throws IllegalStateException if SQLite cannot write or sync; nothing is lost that was durable
     */
    public long makeDurable() {
        // In WAL mode with synchronous=NORMAL a commit is not fsynced until a checkpoint. One commit
        // under FULL fsyncs the WAL file, and so every frame committed before it. A FULL, RESTART or
        // TRUNCATE checkpoint would also do, but it waits for readers, and a reader (a sqlite3 shell)
        // may hold its snapshot for as long as it likes.
        try {
            withFullSync(() -> {
                execute("BEGIN IMMEDIATE");
                applied.rewrite(connection);
                execute("COMMIT");
            });
            checkpoint(true);
        } catch (SQLException failure) {
            rollbackQuietly();
            throw new IllegalStateException("cannot make the database durable up to applied index " + applied.index() + ": "
                    + SqliteErrors.message(failure), failure);
        }
        return applied.index();
    }

    /**
     * Replaces the whole database with a snapshot file's content (one {@link SqliteSnapshots#export}
     * wrote, here or on another node) and takes its applied position. SQLite's online backup copies it
     * in through this connection as one write transaction, committed to the WAL at once: every other
     * connection, a sqlite3 shell too, reads either the old database or the new one. It commits under
     * synchronous=FULL, so the new content is on disk when this returns.
     *
     * @throws IllegalArgumentException if the file is no SQLite database, lacks {@code _raftlite_applied}
     *                                  or has another page size; the database is left as it was
     * @throws IllegalStateException    if SQLite fails during the copy (the transaction rolls back)
     */
    public void restoreFrom(Path snapshotFile) {
        AppliedPosition expected;
        try {
            expected = SqliteSnapshots.validateForRestore(snapshotFile, SqliteSnapshots.pragma(connection, "page_size"));
            String restore = restoreStatement(snapshotFile);
            withFullSync(() -> execute(restore));
            checkpoint(true);
            // The backup keeps WAL mode in the header; configure() asserts it and the connection's
            // settings again. StatementRunner caches nothing, and SQLite re-prepares on the new schema.
            configure();
            applied = AppliedPosition.read(connection).orElse(AppliedPosition.NOTHING_APPLIED);
        } catch (SQLException failure) {
            throw new IllegalStateException("restoring the database from snapshot " + snapshotFile + " failed: "
                    + SqliteErrors.message(failure), failure);
        }
        if (!applied.equals(expected)) {
            // sqlite-jdbc's restore reports success even when a backup step failed (xerial/sqlite-jdbc#818).
            throw new IllegalStateException("restoring the database from snapshot " + snapshotFile + " did not take effect: "
                    + "the database is at applied index " + applied.index() + " but the snapshot at " + expected.index());
        }
    }

    /**
     * Fault injection: truncates the WAL to what was fsynced, as a power cut would, and returns the
     * number of frames lost. Only right before the process halts: nothing may use this database after.
     */
    public long discardUnsyncedWrites() {
        try {
            return durable == null ? 0 : WalDurability.discardUnsynced(file, durable);
        } catch (java.io.IOException failure) {
            throw new java.io.UncheckedIOException("cannot simulate a power cut on " + file, failure);
        }
    }

    /** The WAL file's size, by stat: opening it would be harmless, but there is no need. */
    private long walBytes() {
        try {
            return java.nio.file.Files.size(wal);
        } catch (java.io.IOException absent) {
            return 0;
        }
    }

    /**
     * Copies the WAL into the database file as far as readers allow (SQLite's automatic checkpoint,
     * run by us) and notes what is now known durable; {@code walSynced}: a FULL commit just fsynced
     * the whole WAL. A checkpoint that cannot run now is only postponed.
     */
    private void checkpoint(boolean walSynced) {
        try {
            durable = WalDurability.later(durable, WalDurability.checkpoint(connection, file, walSynced));
        } catch (SQLException | java.io.IOException postponed) {
            org.slf4j.LoggerFactory.getLogger(SqliteStateMachine.class).warn("checkpoint of {} postponed: {}", file, postponed.getMessage());
        }
    }

    /** sqlite-jdbc's restore command takes the path in ' or " quotes and has no escape for either. */
    private static String restoreStatement(Path snapshotFile) {
        String path = snapshotFile.toAbsolutePath().toString();
        if (!path.contains("'")) {
            return "restore from '" + path + "'";
        }
        if (!path.contains("\"")) {
            return "restore from \"" + path + "\"";
        }
        throw new IllegalArgumentException("snapshot file " + path + " has both ' and \" in its path, which sqlite-jdbc's "
                + "restore command cannot take: move it to a plainer path");
    }

    private void withFullSync(SqlWork work) throws SQLException {
        execute("PRAGMA synchronous=FULL");
        try {
            work.run();
        } finally {
            execute("PRAGMA synchronous=NORMAL");
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private static SqlCommand decode(AppliedEntry entry) {
        try {
            return CommandCodec.decode(entry.command());
        } catch (IllegalArgumentException unreadable) {
            // Deterministic on every node: the entry becomes a failed statement, not a stuck applier.
            return null;
        }
    }

    private List<StatementResult> runRequest(SqlCommand command) throws SQLException {
        if (command == null) {
            return List.of(new StatementResult.Failed("log entry holds no readable SQL command", 0));
        }
        List<StatementResult> results = new ArrayList<>();
        if (command.transaction()) {
            execute("SAVEPOINT request");
            for (Statement statement : command.statements()) {
                if (SqlParameters.isEmpty(statement.sql())) {
                    continue;
                }
                StatementResult result = runner.run(statement, command.rowsFromReads());
                results.add(result);
                if (result instanceof StatementResult.Failed) {
                    execute("ROLLBACK TO request");
                    break;
                }
            }
            execute("RELEASE request");
            return results;
        }
        for (Statement statement : command.statements()) {
            if (SqlParameters.isEmpty(statement.sql())) {
                continue;
            }
            execute("SAVEPOINT statement");
            StatementResult result = runner.run(statement, command.rowsFromReads());
            if (result instanceof StatementResult.Failed) {
                execute("ROLLBACK TO statement");
            }
            execute("RELEASE statement");
            results.add(result);
        }
        return results;
    }

    private void execute(String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private void rollbackQuietly() {
        try {
            execute("ROLLBACK");
        } catch (SQLException ignored) {
            // no transaction left to roll back
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown
        }
    }
}
