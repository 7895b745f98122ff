package io.raftlite.db;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SQLite's own error text, as rqlite returns it ("no such table: foo"), out of sqlite-jdbc's wrapping. */
final class SqliteErrors {
    /** sqlite-jdbc: "[SQLITE_ERROR] SQL error or missing database (no such table: foo)". */
    private static final Pattern WRAPPED = Pattern.compile("^\\[SQLITE_[A-Z_]+\\][^(]*\\((.*)\\)\\s*$", Pattern.DOTALL);

    private SqliteErrors() {
    }

    static String message(SQLException failure) {
        String text = failure.getMessage() == null ? failure.toString() : failure.getMessage();
        Matcher matcher = WRAPPED.matcher(text);
        return matcher.matches() ? matcher.group(1) : text;
    }
}
