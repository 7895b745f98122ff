package io.raftlite.jepsen;

import io.raftlite.jepsen.ListAppendChecker.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C-03 for list-append: a clean run passes; each injected fault is flagged as its own kind. */
class ListAppendCheckerTest {

    /** A generated run: its history, each key's final list, and the values whose append was acknowledged. */
    private record Run(List<HistoryEvent> history, Map<String, List<Long>> finalReads, Set<Long> acknowledged) {
    }

    @Test
    void cleanRandomRunsPass() {
        for (long seed = 0; seed < 100; seed++) {
            Run run = cleanRun(new Random(seed));

            ListAppendChecker.Result result = ListAppendChecker.check(run.history(), run.finalReads());

            assertTrue(result.valid(), "seed " + seed + ": " + result.summary());
            assertEquals(3, result.keys());
            assertTrue(result.appends() > 30 && result.reads() > 30, result.summary());
        }
    }

    @Test
    void acknowledgedAppendDroppedFromTheFinalReadIsLost() {
        Run run = cleanRun(new Random(1));
        Map<String, List<Long>> finalReads = new TreeMap<>(run.finalReads());
        String key = "k0";
        List<Long> dropped = new ArrayList<>(finalReads.get(key));
        Long lost = dropped.stream().filter(run.acknowledged()::contains).reduce((first, second) -> second).orElseThrow();
        dropped.remove(lost);
        finalReads.put(key, dropped);

        ListAppendChecker.Result result = ListAppendChecker.check(run.history(), finalReads);

        assertEquals(1, result.count(Kind.LOST), result.summary());
        assertEquals(key, result.firstOfEachKind().get(Kind.LOST).key());
        assertTrue(result.firstOfEachKind().get(Kind.LOST).operation().contains("append " + key + " " + lost), result.summary());
    }

    @Test
    void valueReadTwiceIsADuplicate() {
        Run run = cleanRun(new Random(2));
        List<HistoryEvent> history = mutateLastLongRead(run.history(), values -> values.add(values.get(0)));

        ListAppendChecker.Result result = ListAppendChecker.check(history, run.finalReads());

        assertEquals(1, result.count(Kind.DUPLICATE), result.summary());
    }

    @Test
    void swappedValuesAreAnIncompatibleOrder() {
        Run run = cleanRun(new Random(3));
        List<HistoryEvent> history = mutateLastLongRead(run.history(), values -> values.set(0, values.set(1, values.get(0))));

        ListAppendChecker.Result result = ListAppendChecker.check(history, run.finalReads());

        assertEquals(1, result.count(Kind.INCOMPATIBLE_ORDER), result.summary());
        assertEquals(0, result.count(Kind.DUPLICATE) + result.count(Kind.PHANTOM) + result.count(Kind.LOST), result.summary());
    }

    @Test
    void valueNobodyAppendedIsAPhantom() {
        Run run = cleanRun(new Random(4));
        List<HistoryEvent> history = mutateLastLongRead(run.history(), values -> values.add(999_999L));

        ListAppendChecker.Result result = ListAppendChecker.check(history, run.finalReads());

        assertEquals(1, result.count(Kind.PHANTOM), result.summary());
        assertTrue(result.firstOfEachKind().get(Kind.PHANTOM).expected().contains("999999"));
    }

    @Test
    void readShorterThanAnEarlierCompletedReadIsStale() {
        HistoryBuilder history = new HistoryBuilder();
        history.call(0, "append", "a", 1, 0).info(100); // unknown outcome: only the reads tell
        history.read(1, "a", "strong", 10).ok(List.of(1), 20);
        history.read(2, "a", "strong", 30).ok(List.of(), 40);

        ListAppendChecker.Result result = ListAppendChecker.check(history.events(), Map.of("a", List.of(1L)));

        assertEquals(Set.of(Kind.STALE_READ), result.firstOfEachKind().keySet(), result.summary());
    }

    @Test
    void concurrentReadsMayDisagreeOnLength() {
        HistoryBuilder history = new HistoryBuilder();
        history.call(0, "append", "a", 1, 0).ok(1, 50);
        history.read(1, "a", "strong", 10).ok(List.of(1), 40);
        history.read(2, "a", "strong", 20).ok(List.of(), 45);

        assertTrue(ListAppendChecker.check(history.events(), Map.of("a", List.of(1L))).valid());
    }

    @Test
    void readMissingAnAppendAcknowledgedBeforeItBeganMissedIt() {
        HistoryBuilder history = new HistoryBuilder();
        history.call(0, "append", "a", 1, 0).ok(1, 10);
        history.read(1, "a", "strong", 20).ok(List.of(), 30);

        ListAppendChecker.Result result = ListAppendChecker.check(history.events(), Map.of("a", List.of(1L)));

        assertEquals(Set.of(Kind.MISSED_APPEND), result.firstOfEachKind().keySet(), result.summary());
    }

    @Test
    void failedAppendMustNotBeSeenAndAcknowledgedOnesNeedAFinalRead() {
        HistoryBuilder history = new HistoryBuilder();
        history.call(0, "append", "a", 1, 0).fail(10);
        history.read(1, "a", "strong", 20).ok(List.of(1), 30);
        history.call(2, "append", "b", 2, 0).ok(2, 10);

        ListAppendChecker.Result result = ListAppendChecker.check(history.events(), Map.of("a", List.of(1L)));

        assertEquals(Set.of(Kind.FAILED_APPEND_READ, Kind.NO_FINAL_READ), result.firstOfEachKind().keySet(), result.summary());
        assertEquals(2, result.count(Kind.FAILED_APPEND_READ)); // the read and the final read
    }

    /** Rewrites the last ok read holding two values or more; {@code change} edits its list. */
    private static List<HistoryEvent> mutateLastLongRead(List<HistoryEvent> history, Consumer<List<Long>> change) {
        List<HistoryEvent> mutated = new ArrayList<>(history);
        for (int i = mutated.size() - 1; i >= 0; i--) {
            HistoryEvent e = mutated.get(i);
            if (e.type() == HistoryEvent.Type.OK && e.f().equals("read") && ((List<?>) e.value()).size() >= 2) {
                List<Long> values = new ArrayList<>(JsonNumbers.toLongList(e.value()));
                change.accept(values);
                mutated.set(i, new HistoryEvent(e.process(), e.type(), e.f(), e.key(), values, e.time(), e.node(), e.status(), e.error(),
                        e.raftIndex(), e.level()));
                return mutated;
            }
        }
        throw new AssertionError("no read of two values or more to mutate");
    }

    /**
     * Appends and reads applied one after another to real lists, each interval then widened around
     * its moment; some appends fail (not applied) or have an unknown outcome (applied or not).
     */
    private static Run cleanRun(Random random) {
        HistoryBuilder history = new HistoryBuilder();
        Map<String, List<Long>> lists = new TreeMap<>(Map.of("k0", new ArrayList<>(), "k1", new ArrayList<>(), "k2", new ArrayList<>()));
        Set<Long> acknowledged = new HashSet<>();
        for (int i = 0; i < 150; i++) {
            long moment = 100L * (i + 1);
            long call = moment - random.nextInt(150);
            long ret = moment + random.nextInt(150);
            int process = i % 6;
            String key = "k" + random.nextInt(3);
            List<Long> list = lists.get(key);
            int outcome = random.nextInt(10); // 0: unknown, 1: failed, otherwise ok
            if (random.nextBoolean()) {
                HistoryBuilder.Call read = history.read(process, key, "strong", call);
                if (outcome == 1) {
                    read.fail(ret);
                } else {
                    read.ok(List.copyOf(list), ret);
                }
                continue;
            }
            long value = i;
            HistoryBuilder.Call append = history.call(process, "append", key, value, call);
            if (outcome > 1 || (outcome == 0 && random.nextBoolean())) {
                list.add(value);
            }
            if (outcome == 0) {
                append.info(ret);
            } else if (outcome == 1) {
                append.fail(ret);
            } else {
                append.ok(value, ret);
                acknowledged.add(value);
            }
        }
        Map<String, List<Long>> finalReads = new HashMap<>();
        lists.forEach((key, list) -> finalReads.put(key, List.copyOf(list)));
        return new Run(history.events(), finalReads, acknowledged);
    }
}
