package io.raftlite.command;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Makes a statement deterministic before it enters the Raft log, on the node that received it, so
 * that every replica applies the same bytes (rqlite's rewriting, §2.3 of the API reference):
 * {@code RANDOM()} becomes a random 64-bit literal, {@code RANDOMBLOB(n)} a blob literal, and the
 * {@code 'now'} argument of date/time functions the current time as a UTC Julian day.
 *
 * <p>It works on tokens and splices literals in by position, so everything else in the statement
 * stays byte for byte as the client wrote it. Like rqlite it leaves {@code RANDOM()} in ORDER BY
 * alone, and does not rewrite CURRENT_TIMESTAMP/CURRENT_DATE/CURRENT_TIME or the 'localtime'
 * modifier (documented as differences that can make replicas diverge).
 */
public final class NonDeterministicRewriter {
    /** Above this a RANDOMBLOB literal would bloat every log entry and snapshot. */
    public static final int MAX_RANDOMBLOB_BYTES = 1 << 20;
    private static final Set<String> TIME_FUNCTIONS = Set.of("date", "time", "datetime", "julianday", "unixepoch");
    private static final Set<String> ORDER_BY_ENDS = Set.of("limit", "offset", "union", "intersect", "except");

    private record Replacement(int start, int end, String text) {
    }

    private final RandomGenerator random;
    private final Clock clock;

    public NonDeterministicRewriter(RandomGenerator random, Clock clock) {
        this.random = random;
        this.clock = clock;
    }

    /** A rewriter using the system clock (UTC) and a strong random source. */
    public static NonDeterministicRewriter usingSystemClock() {
        return new NonDeterministicRewriter(new java.security.SecureRandom(), Clock.systemUTC());
    }

    /**
     * Returns {@code sql} with its non-deterministic parts replaced by literals.
     *
     * @throws IllegalArgumentException for RANDOMBLOB(n) above {@link #MAX_RANDOMBLOB_BYTES}
     */
    public String rewrite(String sql, boolean rewriteRandom, boolean rewriteTime) {
        String lower = sql.toLowerCase(Locale.ROOT);
        boolean mayHaveRandom = rewriteRandom && lower.contains("random");
        boolean mayHaveTime = rewriteTime && lower.contains("now");
        if (!mayHaveRandom && !mayHaveTime) {
            return sql;
        }
        List<SqlToken> tokens = SqlTokenizer.tokenize(sql);
        List<Replacement> replacements = new ArrayList<>();
        int depth = 0;
        int orderByDepth = -1;
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken token = tokens.get(i);
            if (token.isPunctuation('(')) {
                depth++;
            } else if (token.isPunctuation(')')) {
                depth--;
                if (orderByDepth > depth) {
                    orderByDepth = -1;
                }
            } else if (token.isPunctuation(';')) {
                orderByDepth = -1;
            } else if (token.isWord("order") && i + 1 < tokens.size() && tokens.get(i + 1).isWord("by")) {
                orderByDepth = depth;
            } else if (token.kind() == SqlToken.Kind.WORD && ORDER_BY_ENDS.contains(token.text().toLowerCase(Locale.ROOT))
                    && orderByDepth == depth) {
                orderByDepth = -1;
            } else if (token.kind() == SqlToken.Kind.WORD && i + 1 < tokens.size() && tokens.get(i + 1).isPunctuation('(')) {
                FunctionCall call = FunctionCall.at(tokens, i);
                if (call != null) {
                    rewriteCall(call, mayHaveRandom && orderByDepth < 0, mayHaveTime, replacements);
                }
            }
        }
        return splice(sql, replacements);
    }

    private void rewriteCall(FunctionCall call, boolean random, boolean time, List<Replacement> replacements) {
        String name = call.name();
        if (random && name.equals("random") && call.arguments().isEmpty()) {
            replacements.add(new Replacement(call.start(), call.end(), Long.toString(this.random.nextLong())));
        } else if (random && name.equals("randomblob") && call.arguments().size() == 1) {
            List<SqlToken> argument = call.arguments().get(0);
            if (argument.size() == 1 && argument.get(0).kind() == SqlToken.Kind.NUMBER) {
                replacements.add(new Replacement(call.start(), call.end(), randomBlob(argument.get(0).text())));
            }
        } else if (time && TIME_FUNCTIONS.contains(name)) {
            replaceNow(call, 0, replacements);
        } else if (time && name.equals("strftime")) {
            replaceNow(call, 1, replacements);
        } else if (time && name.equals("timediff")) {
            replaceNow(call, 0, replacements);
            replaceNow(call, 1, replacements);
        }
    }

    private void replaceNow(FunctionCall call, int position, List<Replacement> replacements) {
        if (call.arguments().size() <= position) {
            return;
        }
        List<SqlToken> argument = call.arguments().get(position);
        if (argument.size() == 1 && "now".equalsIgnoreCase(argument.get(0).stringValue())) {
            SqlToken now = argument.get(0);
            double julianDay = 2440587.5 + clock.millis() / 86_400_000.0;
            replacements.add(new Replacement(now.start(), now.end(), String.format(Locale.ROOT, "%.6f", julianDay)));
        }
    }

    private String randomBlob(String literal) {
        long size;
        try {
            size = Long.decode(literal);
        } catch (NumberFormatException notAnInteger) {
            size = (long) Double.parseDouble(literal);
        }
        if (size > MAX_RANDOMBLOB_BYTES) {
            throw new IllegalArgumentException("RANDOMBLOB(" + literal + ") is too large to replicate: at most "
                    + MAX_RANDOMBLOB_BYTES + " bytes");
        }
        byte[] bytes = new byte[(int) Math.max(1, size)];
        random.nextBytes(bytes);
        return "x'" + HexFormat.of().formatHex(bytes) + "'";
    }

    private static String splice(String sql, List<Replacement> replacements) {
        if (replacements.isEmpty()) {
            return sql;
        }
        replacements.sort(java.util.Comparator.comparingInt(Replacement::start));
        StringBuilder out = new StringBuilder(sql.length() + 32);
        int from = 0;
        for (Replacement replacement : replacements) {
            out.append(sql, from, replacement.start()).append(replacement.text());
            from = replacement.end();
        }
        return out.append(sql, from, sql.length()).toString();
    }
}
