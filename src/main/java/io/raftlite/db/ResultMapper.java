package io.raftlite.db;

import io.raftlite.api.SqlValue;
import io.raftlite.api.StatementResult;
import org.sqlite.core.CoreStatement;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Rows as rqlite reports them: each column's declared type lower-cased exactly as written
 * ({@code varchar(255)}), or for an expression the storage class of its first value; BOOLEAN columns
 * as true/false; text-affinity columns as text even when SQLite hands back bytes. The declared type
 * comes from SQLite itself (sqlite3_column_decltype) because JDBC's getColumnTypeName normalises it
 * and guesses for expressions.
 */
final class ResultMapper {
    private ResultMapper() {
    }

    static StatementResult.Rows rows(PreparedStatement statement, ResultSet results, long startNanos) throws SQLException {
        int count = results.getMetaData().getColumnCount();
        List<String> columns = new ArrayList<>(count);
        List<String> declared = new ArrayList<>(count);
        for (int column = 1; column <= count; column++) {
            columns.add(results.getMetaData().getColumnLabel(column));
            declared.add(declaredType(statement, column - 1));
        }
        List<List<SqlValue>> rows = new ArrayList<>();
        while (results.next()) {
            List<SqlValue> row = new ArrayList<>(count);
            for (int column = 1; column <= count; column++) {
                row.add(value(results.getObject(column), declared.get(column - 1)));
            }
            rows.add(row);
        }
        List<String> types = new ArrayList<>(count);
        for (int column = 0; column < count; column++) {
            types.add(!declared.get(column).isEmpty() ? declared.get(column)
                    : rows.isEmpty() ? "" : storageClass(rows.get(0).get(column)));
        }
        return new StatementResult.Rows(columns, types, rows, seconds(startNanos));
    }

    private static String declaredType(PreparedStatement statement, int column) throws SQLException {
        CoreStatement core = statement.unwrap(CoreStatement.class);
        String type = core.pointer.safeRun((database, pointer) -> database.column_decltype(pointer, column));
        return type == null ? "" : type.toLowerCase(Locale.ROOT);
    }

    private static SqlValue value(Object value, String declaredType) {
        if (value == null) {
            return SqlValue.NULL;
        }
        if (value instanceof Integer || value instanceof Long) {
            long number = ((Number) value).longValue();
            return declaredType.equals("boolean") ? new SqlValue.Bool(number != 0) : new SqlValue.Int(number);
        }
        if (value instanceof Double || value instanceof Float) {
            return new SqlValue.Real(((Number) value).doubleValue());
        }
        if (value instanceof byte[] bytes) {
            return hasTextAffinity(declaredType) ? new SqlValue.Text(new String(bytes, StandardCharsets.UTF_8)) : new SqlValue.Blob(bytes);
        }
        return new SqlValue.Text(value.toString());
    }

    /** SQLite's affinity rules (CHAR, CLOB, TEXT), plus JSON, as rqlite treats them. */
    private static boolean hasTextAffinity(String declaredType) {
        return declaredType.contains("char") || declaredType.contains("clob") || declaredType.contains("text")
                || declaredType.equals("json");
    }

    private static String storageClass(SqlValue value) {
        if (value instanceof SqlValue.Int) {
            return "integer";
        }
        if (value instanceof SqlValue.Real) {
            return "real";
        }
        if (value instanceof SqlValue.Text) {
            return "text";
        }
        if (value instanceof SqlValue.Blob) {
            return "blob";
        }
        if (value instanceof SqlValue.Bool) {
            return "boolean";
        }
        return "";
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
