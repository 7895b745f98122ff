package io.raftlite.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * Refuses keys that reference.conf does not define under raftlite { }: a misspelled key would
 * otherwise be ignored silently and the node would run on a default the operator did not choose.
 * Keys under pekko { } pass through for advanced tuning; anything else is refused.
 */
final class KnownKeys {
    private KnownKeys() {
    }

    static void check(Path file, Config given) {
        Set<String> known = ConfigFactory.defaultReference().getConfig("raftlite").root().toConfig().entrySet().stream()
                .map(entry -> "raftlite." + entry.getKey()).collect(java.util.stream.Collectors.toSet());
        for (Map.Entry<String, ?> entry : given.entrySet()) {
            String key = entry.getKey();
            if (key.startsWith("pekko.") || known.contains(key)) {
                continue;
            }
            var origin = given.getValue(key).origin();
            String where = origin.lineNumber() > 0 ? "line " + origin.lineNumber() : origin.description();
            String hint = key.startsWith("raftlite.") ? closest(key, known) : "raftlite's keys live under raftlite { }";
            throw new ConfigError(file + ": unknown key " + key + " (" + where + "); " + hint);
        }
    }

    private static String closest(String key, Set<String> known) {
        return known.stream().min(Comparator.comparingInt(candidate -> distance(key, candidate)))
                .filter(candidate -> distance(key, candidate) <= 4)
                .map(candidate -> "did you mean " + candidate + "?")
                .orElse("see the configuration reference in the README");
    }

    /** Levenshtein distance, for "did you mean". */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
