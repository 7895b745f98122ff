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
    private final Connection connection;
    private final StatementRunner runner;
    private AppliedPosition applied;

    private SqliteStateMachine(Connection connection) throws SQLException {
        this.connection = connection;
        this.runner = new StatementRunner(connection);
        configure();
        AppliedPosition.createTable(connection);
        applied = AppliedPosition.read(connection).orElse(AppliedPosition.NOTHING_APPLIED);
    }

    private void configure() throws SQLException {
        execute("PRAGMA journal_mode=WAL");
        // NORMAL, not FULL: a crash may lose the newest transactions here, but the Raft log is
        // fsynced and the applied index rolls back with them, so they are simply applied again.
        execute("PRAGMA synchronous=NORMAL");
        execute("PRAGMA busy_timeout=5000");
    }

    /** Opens (or creates) the database file; the applied index is read back from it. */
    public static SqliteStateMachine open(Path file) {
        try {
            return new SqliteStateMachine(DriverManager.getConnection("jdbc:sqlite:" + file));
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
        return results;
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
