package io.raftlite.jepsen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftlite.jepsen.EventLogAudit.Rule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** J-AUDIT checked against event logs written here to the nodes' line format, clean and with one fault each. */
class EventLogAuditTest {
    @TempDir
    Path dir;

    @Test
    void cleanRunWithRestartAndSnapshotPassesAndIsSummarised() throws IOException {
        EventLogAudit.Result result = audit(cleanRun());

        assertTrue(result.valid(), result.report());
        assertEquals(new TreeMap<>(Map.of(1L, List.of("n1"), 2L, List.of("n2"))), result.summary().leadersByTerm());
        assertEquals(new TreeMap<>(Map.of("n1", 9, "n2", 9, "n3", 8)), result.summary().appliedPerNode());
        assertEquals(3, result.summary().termsSeen());
        assertEquals(2, result.summary().leaderChangesMs().size());
    }

    @Test
    void twoLeadersInOneTermAreFlagged() throws IOException {
        Logs logs = cleanRun();
        logs.role("n3", 2, "leader");

        assertOnly(Rule.TWO_LEADERS_IN_A_TERM, audit(logs));
    }

    @Test
    void divergentDigestAtOneIndexIsFlagged() throws IOException {
        Logs logs = cleanRun();
        logs.replace("n2", "applied", 3, line -> line.replace("\"d3\"", "\"other\""));

        EventLogAudit.Result result = audit(logs);

        assertOnly(Rule.DIVERGENT_ENTRY, result);
        assertTrue(result.violations().get(0).message().startsWith("index 3: node n1 applied term 1, digest d3, node n2"), result.report());
    }

    @Test
    void nodeApplyingAnIndexTwiceDifferentlyAcrossARestartIsFlagged() throws IOException {
        Logs logs = cleanRun();
        logs.replace("n3", "applied", 4, line -> line.replace("\"d4\"", "\"other\"")); // n3's second apply of 4, after its restart

        EventLogAudit.Result result = audit(logs);

        assertOnly(Rule.DIVERGENT_ENTRY, result);
        assertTrue(result.violations().get(0).message().startsWith("node n3 applied index 4 twice"), result.report());
    }

    @Test
    void decreasingTermIsFlagged() throws IOException {
        Logs logs = cleanRun();
        logs.role("n2", 1, "follower");

        assertOnly(Rule.TERM_DECREASED, audit(logs));
    }

    /** A term adopted in memory may be lost in a crash before it was written; a durable one may not. */
    @Test
    void aRestartMayGoBackBelowAnUnwrittenTermButNotBelowADurableOne() throws IOException {
        Logs logs = cleanRun();
        logs.event("n3", "hard-state", 2, Map.of());
        logs.role("n3", 3, "follower");
        logs.event("n3", "start", 2, Map.of());
        assertTrue(audit(logs).valid(), audit(logs).report());

        logs.event("n3", "hard-state", 3, Map.of());
        logs.event("n3", "start", 2, Map.of());
        assertOnly(Rule.TERM_DECREASED, audit(logs));
    }

    @Test
    void gapInAppliedIndexesIsFlagged() throws IOException {
        Logs logs = cleanRun();
        logs.replace("n2", "applied", 4, line -> "");

        assertOnly(Rule.APPLIED_WITH_GAP, audit(logs));
    }

    @Test
    void jumpIsAllowedOnlyRightAfterAnInstalledSnapshot() throws IOException {
        Logs logs = cleanRun();
        logs.replace("n3", "snapshot-installed", 8, line -> "");

        assertOnly(Rule.APPLIED_WITH_GAP, audit(logs));
    }

    @Test
    void reapplyingWithoutARestartIsFlagged() throws IOException {
        Logs logs = cleanRun();
        logs.applied("n1", 2, 9, 2);

        assertOnly(Rule.APPLIED_OUT_OF_ORDER, audit(logs));
    }

    @Test
    void snapshotOlderThanTheAppliedStateIsFlagged() throws IOException {
        Logs logs = cleanRun();
        logs.snapshotInstalled("n1", 2, 5, 1);

        assertOnly(Rule.SNAPSHOT_BEHIND_APPLIED, audit(logs));
    }

    @Test
    void missingLogIsAViolationUnlessAllowed() throws IOException {
        List<Path> files = cleanRun().write(dir);
        files.add(dir.resolve("n4").resolve("raft-events.jsonl"));

        assertOnly(Rule.MISSING_FILE, EventLogAudit.audit(files, false));
        assertTrue(EventLogAudit.audit(files, true).valid());
    }

    @Test
    void linesTornByACrashAreToleratedAndOtherBadLinesAreNot() throws IOException {
        Logs torn = cleanRun();
        // n3 crashed mid-line before its restart: the start line was written onto the torn one.
        torn.replace("n3", "start", 1, line -> "{\"time_ms\":99,\"node\":\"n3\",\"ev" + line);
        torn.raw("n2", "{\"time_ms\":100,\"node\":\"n2\",\"event\":\"com");

        EventLogAudit.Result tolerated = audit(torn);

        assertTrue(tolerated.valid(), tolerated.report());
        assertEquals(2, tolerated.summary().tornLines());

        Logs broken = cleanRun();
        broken.raw("n1", "not json at all");
        broken.raw("n1", "{\"time_ms\":100,\"node\":\"n1\",\"event\":\"applied\",\"term\":2,\"index\":10,\"entry_term\":2}");
        broken.applied("n1", 2, 10, 2);

        EventLogAudit.Result result = audit(broken);

        assertEquals(2, result.count(Rule.MALFORMED_LINE), result.report());
        assertEquals(2, result.violations().size(), result.report());
    }

    private EventLogAudit.Result audit(Logs logs) throws IOException {
        return EventLogAudit.audit(logs.write(dir), false);
    }

    private static void assertOnly(Rule rule, EventLogAudit.Result result) {
        assertEquals(List.of(rule), result.violations().stream().map(EventLogAudit.Violation::rule).collect(Collectors.toList()), result.report());
    }

    /**
     * Three nodes: n1 leads term 1 (entries 1-5), n3 restarts and re-applies 4 and 5, n2 leads term 2
     * (entries 6-9), n3 misses 6-8 and catches up by a snapshot at 8.
     */
    private static Logs cleanRun() {
        Logs logs = new Logs();
        for (String node : List.of("n1", "n2", "n3")) {
            logs.event(node, "start", 0, Map.of());
            logs.role(node, 0, "follower");
        }
        logs.role("n1", 0, "pre-candidate");
        logs.role("n1", 1, "candidate");
        for (String node : List.of("n1", "n2", "n3")) {
            logs.event(node, "vote", 1, Map.of("candidate", "n1"));
        }
        logs.role("n1", 1, "leader");
        logs.event("n2", "role", 1, Map.of("role", "follower", "leader", "n1"));
        for (long index = 1; index <= 5; index++) {
            logs.event("n1", "commit", 1, Map.of("index", index));
            for (String node : List.of("n1", "n2", "n3")) {
                logs.applied(node, 1, index, 1);
            }
        }
        logs.event("n3", "start", 1, Map.of());
        logs.applied("n3", 1, 4, 1);
        logs.applied("n3", 1, 5, 1);
        logs.role("n2", 2, "candidate");
        logs.role("n2", 2, "leader");
        logs.role("n1", 2, "follower");
        for (long index = 6; index <= 9; index++) {
            logs.applied("n2", 2, index, 2);
            logs.applied("n1", 2, index, 2);
        }
        logs.event("n2", "snapshot-taken", 2, Map.of("index", 8L, "entry_term", 2L));
        logs.snapshotInstalled("n3", 2, 8, 2);
        logs.applied("n3", 2, 9, 2);
        return logs;
    }

    /** Event lines by node, written as the nodes write them: one JSON object a line. */
    private static final class Logs {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final Map<String, List<String>> lines = new TreeMap<>();
        private long clock = 1_700_000_000_000L;

        void event(String node, String event, long term, Map<String, Object> fields) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("time_ms", clock++);
            line.put("node", node);
            line.put("event", event);
            line.put("term", term);
            line.putAll(fields);
            try {
                raw(node, JSON.writeValueAsString(line));
            } catch (JsonProcessingException unexpected) {
                throw new UncheckedIOException(unexpected);
            }
        }

        void role(String node, long term, String role) {
            event(node, "role", term, Map.of("role", role));
        }

        void applied(String node, long term, long index, long entryTerm) {
            event(node, "applied", term, Map.of("index", index, "entry_term", entryTerm, "digest", "d" + index));
        }

        void snapshotInstalled(String node, long term, long index, long entryTerm) {
            event(node, "snapshot-installed", term, Map.of("index", index, "entry_term", entryTerm));
        }

        void raw(String node, String line) {
            lines.computeIfAbsent(node, name -> new ArrayList<>()).add(line);
        }

        /** Rewrites the node's last line of {@code event} at {@code index} (a start's "index" is its term). */
        void replace(String node, String event, long index, UnaryOperator<String> change) {
            List<String> nodeLines = lines.get(node);
            for (int i = nodeLines.size() - 1; i >= 0; i--) {
                JsonNode line = parse(nodeLines.get(i));
                if (line.get("event").asText().equals(event) && line.path(event.equals("start") ? "term" : "index").asLong() == index) {
                    nodeLines.set(i, change.apply(nodeLines.get(i)));
                    return;
                }
            }
            throw new AssertionError("no " + event + " " + index + " on " + node);
        }

        private static JsonNode parse(String line) {
            try {
                return JSON.readTree(line);
            } catch (JsonProcessingException written) {
                throw new UncheckedIOException(written);
            }
        }

        List<Path> write(Path dir) throws IOException {
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, List<String>> node : lines.entrySet()) {
                Path file = Files.createDirectories(dir.resolve(node.getKey())).resolve("raft-events.jsonl");
                Files.write(file, node.getValue().stream().filter(line -> !line.isEmpty()).collect(Collectors.toList()));
                files.add(file);
            }
            return files;
        }
    }
}
