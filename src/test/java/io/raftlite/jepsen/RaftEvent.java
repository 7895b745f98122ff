package io.raftlite.jepsen;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.Map;

/**
 * One line of a node's {@code raft-events.jsonl}: every line has {@code time_ms}, {@code node},
 * {@code event} and {@code term} (the node's term when it logged it), plus the fields its event
 * needs. Events not known here are kept (the nodes may log more than the audit reads).
 *
 * @param where the file and line number, to point a reader at the line
 */
record RaftEvent(String where, String line, long timeMs, String node, String event, long term, JsonNode fields) {
    static final String START = "start";
    static final String HARD_STATE = "hard-state";
    static final String ROLE = "role";
    static final String APPLIED = "applied";
    static final String SNAPSHOT_INSTALLED = "snapshot-installed";

    // Two events on one line (a lost newline) must not pass as the first alone.
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> COMMON = List.of("time_ms", "node", "event", "term");
    private static final Map<String, List<String>> REQUIRED = Map.of(
            ROLE, List.of("role"),
            "vote", List.of("candidate"),
            "commit", List.of("index"),
            APPLIED, List.of("index", "entry_term", "digest"),
            "snapshot-taken", List.of("index", "entry_term"),
            SNAPSHOT_INSTALLED, List.of("index", "entry_term"));

    /** Thrown for a line that is not JSON ({@link #cutShort()}: maybe torn by a crash) or lacks a field its event needs. */
    static final class MalformedLine extends Exception {
        private final boolean cutShort;

        MalformedLine(String message, boolean cutShort) {
            super(message);
            this.cutShort = cutShort;
        }

        boolean cutShort() {
            return cutShort;
        }
    }

    static RaftEvent parse(String line, String where) throws MalformedLine {
        JsonNode fields;
        try {
            fields = JSON.readTree(line);
        } catch (JsonProcessingException notJson) {
            throw new MalformedLine("not JSON: " + notJson.getOriginalMessage(), true);
        }
        if (fields == null || !fields.isObject()) {
            throw new MalformedLine("not a JSON object", false);
        }
        requireFields(fields, COMMON);
        String event = fields.get("event").asText();
        requireFields(fields, REQUIRED.getOrDefault(event, List.of()));
        return new RaftEvent(where, line, fields.get("time_ms").asLong(), fields.get("node").asText(), event,
                fields.get("term").asLong(), fields);
    }

    private static void requireFields(JsonNode fields, List<String> names) throws MalformedLine {
        for (String name : names) {
            if (!fields.hasNonNull(name)) {
                throw new MalformedLine("no \"" + name + "\"", false);
            }
        }
    }

    boolean is(String eventName) {
        return event.equals(eventName);
    }

    boolean becameLeader() {
        return is(ROLE) && fields.get("role").asText().equals("leader");
    }

    long index() {
        return fields.get("index").asLong();
    }

    long entryTerm() {
        return fields.get("entry_term").asLong();
    }

    /** What an applied entry is: its term and the digest of its data. */
    String entry() {
        return "term " + entryTerm() + ", digest " + fields.get("digest").asText();
    }

    @Override
    public String toString() {
        return where + ": " + line;
    }
}
