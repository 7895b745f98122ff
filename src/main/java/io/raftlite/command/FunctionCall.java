package io.raftlite.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A function call found in a token list: its lower-cased name, its arguments' tokens and its extent. */
record FunctionCall(String name, List<List<SqlToken>> arguments, int start, int end) {

    /** The call whose name is at {@code nameIndex} (followed by '('); null if its parenthesis never closes. */
    static FunctionCall at(List<SqlToken> tokens, int nameIndex) {
        List<List<SqlToken>> arguments = new ArrayList<>();
        List<SqlToken> current = new ArrayList<>();
        int depth = 0;
        for (int i = nameIndex + 2; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (depth == 0 && token.isPunctuation(')')) {
                if (!current.isEmpty() || !arguments.isEmpty()) {
                    arguments.add(current);
                }
                return new FunctionCall(tokens.get(nameIndex).text().toLowerCase(Locale.ROOT), arguments,
                        tokens.get(nameIndex).start(), token.end());
            }
            if (depth == 0 && token.isPunctuation(',')) {
                arguments.add(current);
                current = new ArrayList<>();
                continue;
            }
            if (token.isPunctuation('(')) {
                depth++;
            } else if (token.isPunctuation(')')) {
                depth--;
            }
            current.add(token);
        }
        return null;
    }
}
