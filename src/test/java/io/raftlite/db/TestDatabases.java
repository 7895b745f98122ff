package io.raftlite.db;

import io.raftlite.api.Statement;
import io.raftlite.command.CommandCodec;
import io.raftlite.command.SqlCommand;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;

/** Log entries for the state machine, and SQLite files read as an outside reader would read them. */
final class TestDatabases {
    private TestDatabases() {
    }

    static AppliedEntry entry(long index, long term, boolean transaction, Statement... statements) {
        return new AppliedEntry(index, term, CommandCodec.encode(new SqlCommand(List.of(statements), transaction, false)));
    }

    static AppliedEntry entry(long index, long term, Statement... statements) {
        return entry(index, term, false, statements);
    }

    static long queryLong(Path file, String sql) {
        return Long.parseLong(queryText(file, sql));
    }

    /** The first column of a query's first row, through a connection of its own. */
    static String queryText(Path file, String sql) {
        try (var reader = DriverManager.getConnection("jdbc:sqlite:" + file);
             var rows = reader.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException failure) {
            throw new AssertionError("cannot run " + sql + " on " + file, failure);
        }
    }
}
