package io.raftlite.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * rqlite's query-string rules: a flag is on when its key is present, whatever its value
 * ({@code ?transaction=false} turns transactions ON); only the first value of a repeated key counts;
 * durations are in Go syntax ({@code 500ms}, {@code 1m30s}).
 */
final class QueryParams {
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private final Map<String, String> first = new HashMap<>();
    private final String raw;

    QueryParams(String rawQuery) {
        this.raw = rawQuery == null ? "" : rawQuery;
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            first.putIfAbsent(key, value);
        }
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw new BadRequest("malformed query string");
        }
    }

    String raw() {
        return raw;
    }

    boolean flag(String key) {
        return first.containsKey(key);
    }

    Optional<String> value(String key) {
        return Optional.ofNullable(first.get(key));
    }

    /** A Go-syntax duration, or {@code otherwise} when absent; 400 "<key> is not a valid duration" when malformed. */
    Duration duration(String key, Duration otherwise) {
        Optional<String> text = value(key);
        if (text.isEmpty()) {
            return otherwise;
        }
        return parseGoDuration(text.get()).orElseThrow(() -> new BadRequest(key + " is not a valid duration"));
    }

    static Optional<Duration> parseGoDuration(String text) {
        if (text.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher matcher = GO_DURATION_PART.matcher(text);
        long nanos = 0;
        int end = 0;
        while (matcher.find()) {
            if (matcher.start() != end) {
                return Optional.empty();
            }
            double amount = Double.parseDouble(matcher.group(1));
            nanos += (long) (amount * switch (matcher.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            });
            end = matcher.end();
        }
        return end == text.length() && end > 0 ? Optional.of(Duration.ofNanos(nanos)) : Optional.empty();
    }
}
