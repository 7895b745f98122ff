package io.raftlite.db;

import io.raftlite.api.Statement;
import io.raftlite.api.StatementResult;
import io.raftlite.command.SqlParameters;
import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Read-only connections to {@code db.sqlite} for queries. In WAL mode readers never block the
 * writer or each other; a read-only open plus {@code query_only} makes any write attempt fail,
 * reported as rqlite reports it. Thread-safe: callers borrow a connection for one request.
 */
public final class ReadPool implements AutoCloseable {
    static final String WRITE_REFUSED = "attempt to change database via query operation";

    private final BlockingQueue<Connection> idle;
    private final List<Connection> all = new ArrayList<>();

    private ReadPool(Path file, int size) throws SQLException {
        idle = new ArrayBlockingQueue<>(size);
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(5000);
        for (int i = 0; i < size; i++) {
            Connection connection = config.createConnection("jdbc:sqlite:" + file);
            try (var statement = connection.createStatement()) {
                statement.execute("PRAGMA query_only=1");
            }
            all.add(connection);
            idle.add(connection);
        }
    }

    public static ReadPool open(Path file, int size) {
        try {
            return new ReadPool(file, size);
        } catch (SQLException failure) {
            throw new IllegalStateException("cannot open read connections to " + file + ": " + SqliteErrors.message(failure), failure);
        }
    }

    /**
     * Runs the statements in order; an error in one does not stop the others (rqlite's query
     * semantics). With {@code transaction} they all read one consistent snapshot.
     */
    public List<StatementResult> query(List<Statement> statements, boolean transaction) throws InterruptedException {
        Connection connection = idle.take();
        try {
            StatementRunner runner = new StatementRunner(connection);
            List<StatementResult> results = new ArrayList<>(statements.size());
            if (transaction) {
                execute(connection, "BEGIN");
            }
            for (Statement statement : statements) {
                if (!SqlParameters.isEmpty(statement.sql())) {
                    results.add(refusedWritesWorded(runner.run(statement, true)));
                }
            }
            if (transaction) {
                execute(connection, "COMMIT");
            }
            return results;
        } catch (SQLException failure) {
            return List.of(new StatementResult.Failed(SqliteErrors.message(failure), 0));
        } finally {
            idle.add(connection);
        }
    }

    /**
     * Whether the statement only reads, as sqlite3_stmt_readonly would say (sqlite-jdbc does not
     * expose it): its program must open no write transaction. A statement that does not even
     * prepare counts as read-only, so the read path reports its error.
     */
    public boolean isReadOnly(String sql) throws InterruptedException {
        Connection connection = idle.take();
        try (var explain = connection.prepareStatement("EXPLAIN " + sql); var program = explain.executeQuery()) {
            while (program.next()) {
                if ("Transaction".equals(program.getString("opcode")) && program.getInt("p2") != 0) {
                    return false;
                }
            }
            return true;
        } catch (SQLException unpreparable) {
            return true;
        } finally {
            idle.add(connection);
        }
    }

    private static StatementResult refusedWritesWorded(StatementResult result) {
        if (result instanceof StatementResult.Failed failed && (failed.error().contains("readonly database")
                || failed.error().contains("query_only") || failed.error().startsWith("attempt to write"))) {
            return new StatementResult.Failed(WRITE_REFUSED, failed.seconds());
        }
        return result;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    @Override
    public void close() {
        for (Connection connection : all) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing at shutdown
            }
        }
    }
}
