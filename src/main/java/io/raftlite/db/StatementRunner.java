package io.raftlite.db;

import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;
import io.raftlite.api.StatementResult;
import io.raftlite.command.SqlParameters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Map;

/** Runs one statement on one connection: binds its parameters, executes it, maps the outcome. */
final class StatementRunner {
    private final Connection connection;

    StatementRunner(Connection connection) {
        this.connection = connection;
    }

    /**
     * @param rowsFromReads return rows for any statement that produces them; otherwise only for
     *                      RETURNING statements (rqlite's /db/execute)
     */
    StatementResult run(Statement statement, boolean rowsFromReads) {
        long start = System.nanoTime();
        String sql = statement.sql();
        if (SqlParameters.isTransactionControl(sql)) {
            return new StatementResult.Failed("explicit transaction control (BEGIN, COMMIT, ROLLBACK, SAVEPOINT, "
                    + "RELEASE) is not supported in a request: use the transaction parameter instead", 0);
        }
        if (SqlParameters.hasMultipleStatements(sql)) {
            return new StatementResult.Failed("a statement string holds more than one statement: send each as its own "
                    + "element of the request", 0);
        }
        try (PreparedStatement prepared = connection.prepareStatement(sql)) {
            String bindingError = bind(prepared, statement);
            if (!bindingError.isEmpty()) {
                return new StatementResult.Failed(bindingError, ResultMapper.seconds(start));
            }
            long changesBefore = totalChanges();
            boolean producesRows = prepared.execute();
            if (producesRows && (rowsFromReads || SqlParameters.hasReturning(sql))) {
                try (ResultSet results = prepared.getResultSet()) {
                    return ResultMapper.rows(prepared, results, start);
                }
            }
            if (totalChanges() == changesBefore) {
                return new StatementResult.Executed(0, 0, ResultMapper.seconds(start));
            }
            long[] insertAndChanges = lastInsertIdAndChanges();
            return new StatementResult.Executed(insertAndChanges[0], insertAndChanges[1], ResultMapper.seconds(start));
        } catch (SQLException failure) {
            return new StatementResult.Failed(SqliteErrors.message(failure), ResultMapper.seconds(start));
        }
    }

    /** Returns an error message, or "" when every parameter was bound. */
    private static String bind(PreparedStatement prepared, Statement statement) throws SQLException {
        SqlParameters parameters = SqlParameters.of(statement.sql());
        if (statement.positional().size() > parameters.count()) {
            return "statement has " + parameters.count() + " parameters but " + statement.positional().size()
                    + " values were given";
        }
        for (int i = 0; i < statement.positional().size(); i++) {
            bindValue(prepared, i + 1, statement.positional().get(i));
        }
        for (Map.Entry<String, SqlValue> named : statement.named().entrySet()) {
            var index = parameters.indexOf(named.getKey());
            if (index.isEmpty()) {
                return "named parameter '" + named.getKey() + "' does not appear in the statement";
            }
            bindValue(prepared, index.get(), named.getValue());
        }
        return "";
    }

    private static void bindValue(PreparedStatement prepared, int index, SqlValue value) throws SQLException {
        if (value instanceof SqlValue.Int integer) {
            prepared.setLong(index, integer.value());
        } else if (value instanceof SqlValue.Real real) {
            prepared.setDouble(index, real.value());
        } else if (value instanceof SqlValue.Text text) {
            prepared.setString(index, text.value());
        } else if (value instanceof SqlValue.Blob blob) {
            prepared.setBytes(index, blob.value());
        } else if (value instanceof SqlValue.Bool bool) {
            prepared.setLong(index, bool.value() ? 1 : 0);
        } else {
            prepared.setNull(index, Types.NULL);
        }
    }

    private long totalChanges() throws SQLException {
        try (var statement = connection.createStatement(); ResultSet result = statement.executeQuery("SELECT total_changes()")) {
            result.next();
            return result.getLong(1);
        }
    }

    private long[] lastInsertIdAndChanges() throws SQLException {
        try (var statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT last_insert_rowid(), changes()")) {
            result.next();
            return new long[] {result.getLong(1), result.getLong(2)};
        }
    }
}
