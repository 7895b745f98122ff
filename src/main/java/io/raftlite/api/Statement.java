package io.raftlite.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One SQL statement with its parameters: positional ({@code ?}) and named ({@code :name},
 * {@code @name}, {@code $name}; keys are stored without the prefix, as rqlite clients send them).
 */
public record Statement(String sql, List<SqlValue> positional, Map<String, SqlValue> named) implements ApiMessage {
    public Statement {
        Objects.requireNonNull(sql, "sql");
        positional = List.copyOf(positional);
        named = java.util.Collections.unmodifiableMap(new TreeMap<>(named));
    }

    public static Statement of(String sql, SqlValue... positional) {
        return new Statement(sql, List.of(positional), Map.of());
    }

    public boolean hasParameters() {
        return !positional.isEmpty() || !named.isEmpty();
    }
}
