package io.raftlite.command;

/** One lexical token of a SQL text, with its position so that a rewrite can splice by offset. */
record SqlToken(Kind kind, String text, int start, int end) {
    enum Kind { WORD, STRING, QUOTED_IDENTIFIER, NUMBER, BLOB, PUNCTUATION, PARAMETER }

    boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    boolean isPunctuation(char c) {
        return kind == Kind.PUNCTUATION && text.length() == 1 && text.charAt(0) == c;
    }

    /** The value of a string literal, or of a double-quoted word (SQLite reads an unknown "x" as the string 'x'). */
    String stringValue() {
        if (kind != Kind.STRING && !(kind == Kind.QUOTED_IDENTIFIER && text.startsWith("\""))) {
            return null;
        }
        char quote = text.charAt(0);
        return text.substring(1, text.length() - 1).replace(String.valueOf(quote) + quote, String.valueOf(quote));
    }
}
