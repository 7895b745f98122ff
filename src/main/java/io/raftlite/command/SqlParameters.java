package io.raftlite.command;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a statement numbered as SQLite numbers them ({@code ?NNN} is NNN, {@code ?} is
 * one more than the largest so far, a name reuses its first number), because JDBC binds by number
 * only while rqlite clients send named parameters without their prefix.
 */
public final class SqlParameters {
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final int count;

    private SqlParameters(String sql) {
        int largest = 0;
        for (SqlToken token : SqlTokenizer.tokenize(sql)) {
            if (token.kind() != SqlToken.Kind.PARAMETER) {
                continue;
            }
            String text = token.text();
            if (text.startsWith("?")) {
                largest = text.length() > 1 ? Math.max(largest, Integer.parseInt(text.substring(1))) : largest + 1;
            } else if (!indexByName.containsKey(text)) {
                indexByName.put(text, ++largest);
            }
        }
        count = largest;
    }

    public static SqlParameters of(String sql) {
        return new SqlParameters(sql);
    }

    /** Highest parameter number in the statement. */
    public int count() {
        return count;
    }

    /** The number of the named parameter, given without prefix: {@code :name}, {@code @name} or {@code $name}. */
    public Optional<Integer> indexOf(String nameWithoutPrefix) {
        for (String prefix : new String[] {":", "@", "$"}) {
            Integer index = indexByName.get(prefix + nameWithoutPrefix);
            if (index != null) {
                return Optional.of(index);
            }
        }
        return Optional.empty();
    }

    /** True if the statement's first keyword controls transactions, which requests may not do. */
    public static boolean isTransactionControl(String sql) {
        return SqlTokenizer.tokenize(sql).stream().findFirst()
                .filter(token -> token.kind() == SqlToken.Kind.WORD)
                .map(token -> token.text().toUpperCase(java.util.Locale.ROOT))
                .filter(word -> word.equals("BEGIN") || word.equals("COMMIT") || word.equals("END")
                        || word.equals("ROLLBACK") || word.equals("SAVEPOINT") || word.equals("RELEASE"))
                .isPresent();
    }

    /** True if the statement has a RETURNING clause (so /db/execute returns its rows). */
    public static boolean hasReturning(String sql) {
        return SqlTokenizer.tokenize(sql).stream().anyMatch(token -> token.isWord("returning"));
    }

    /**
     * True if more than one statement follows the first ';'. A trigger body's ';' (between BEGIN
     * and END) does not count, nor does a CASE ... END inside it.
     */
    public static boolean hasMultipleStatements(String sql) {
        java.util.List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        int blockDepth = 0;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isWord("begin") || token.isWord("case")) {
                blockDepth++;
            } else if (token.isWord("end") && blockDepth > 0) {
                blockDepth--;
            } else if (token.isPunctuation(';') && blockDepth == 0) {
                return tokens.subList(i + 1, tokens.size()).stream().anyMatch(next -> !next.isPunctuation(';'));
            }
        }
        return false;
    }

    /** True if the statement is blank or only comments. */
    public static boolean isEmpty(String sql) {
        return SqlTokenizer.tokenize(sql).isEmpty();
    }
}
