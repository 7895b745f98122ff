package io.raftlite.api;

import java.util.List;

/** The outcome of one statement: rows affected, rows returned, or an error (which is not a request failure). */
public sealed interface StatementResult extends ApiMessage {

    /** Seconds the statement took in SQLite. */
    double seconds();

    record Executed(long lastInsertId, long rowsAffected, double seconds) implements StatementResult {
    }

    /**
     * Rows returned. {@code types} are the declared column types, lower-cased, or the first row's
     * storage class for expressions; {@code rows} are in column order.
     */
    record Rows(List<String> columns, List<String> types, List<List<SqlValue>> rows, double seconds)
            implements StatementResult {
        public Rows {
            columns = List.copyOf(columns);
            types = List.copyOf(types);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** SQLite's own message, verbatim (e.g. "no such table: foo"). */
    record Failed(String error, double seconds) implements StatementResult {
    }
}
