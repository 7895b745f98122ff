package io.raftlite.command;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL into tokens the way SQLite's tokenizer does for the parts that matter here: string
 * literals, quoted identifiers, comments (skipped), blob literals, numbers, parameters and words.
 * Unterminated literals or comments end the text rather than fail: SQLite reports the syntax error
 * itself, and the rewrite then leaves the statement as it was.
 */
final class SqlTokenizer {
    private SqlTokenizer() {
    }

    static List<SqlToken> tokenize(String sql) {
        List<SqlToken> tokens = new ArrayList<>();
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            int start = i;
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < length && sql.charAt(i + 1) == '-') {
                i = endOfLine(sql, i);
            } else if (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? length : close + 2;
            } else if (c == '\'' ) {
                i = endOfQuoted(sql, i, '\'');
                tokens.add(new SqlToken(SqlToken.Kind.STRING, sql.substring(start, i), start, i));
            } else if (c == '"' || c == '`') {
                i = endOfQuoted(sql, i, c);
                tokens.add(new SqlToken(SqlToken.Kind.QUOTED_IDENTIFIER, sql.substring(start, i), start, i));
            } else if (c == '[') {
                int close = sql.indexOf(']', i);
                i = close < 0 ? length : close + 1;
                tokens.add(new SqlToken(SqlToken.Kind.QUOTED_IDENTIFIER, sql.substring(start, i), start, i));
            } else if ((c == 'x' || c == 'X') && i + 1 < length && sql.charAt(i + 1) == '\'') {
                i = endOfQuoted(sql, i + 1, '\'');
                tokens.add(new SqlToken(SqlToken.Kind.BLOB, sql.substring(start, i), start, i));
            } else if (Character.isDigit(c) || c == '.' && i + 1 < length && Character.isDigit(sql.charAt(i + 1))) {
                i = endOfNumber(sql, i);
                tokens.add(new SqlToken(SqlToken.Kind.NUMBER, sql.substring(start, i), start, i));
            } else if (c == '?' || c == ':' || c == '@' || c == '$') {
                i++;
                while (i < length && isWordPart(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new SqlToken(SqlToken.Kind.PARAMETER, sql.substring(start, i), start, i));
            } else if (isWordPart(c)) {
                while (i < length && isWordPart(sql.charAt(i))) {
                    i++;
                }
                tokens.add(new SqlToken(SqlToken.Kind.WORD, sql.substring(start, i), start, i));
            } else {
                i++;
                tokens.add(new SqlToken(SqlToken.Kind.PUNCTUATION, sql.substring(start, i), start, i));
            }
        }
        return tokens;
    }

    private static boolean isWordPart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c > 127;
    }

    private static int endOfLine(String sql, int from) {
        int newline = sql.indexOf('\n', from);
        return newline < 0 ? sql.length() : newline + 1;
    }

    /** A quote is escaped by doubling it. */
    private static int endOfQuoted(String sql, int openAt, char quote) {
        int i = openAt + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int endOfNumber(String sql, int from) {
        int i = from;
        if (sql.startsWith("0x", i) || sql.startsWith("0X", i)) {
            i += 2;
            while (i < sql.length() && Character.digit(sql.charAt(i), 16) >= 0) {
                i++;
            }
            return i;
        }
        while (i < sql.length() && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < sql.length() && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int exponent = i + 1;
            if (exponent < sql.length() && (sql.charAt(exponent) == '+' || sql.charAt(exponent) == '-')) {
                exponent++;
            }
            if (exponent < sql.length() && Character.isDigit(sql.charAt(exponent))) {
                i = exponent;
                while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }
}
