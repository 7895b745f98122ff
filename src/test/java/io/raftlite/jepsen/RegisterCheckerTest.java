package io.raftlite.jepsen;

import io.raftlite.jepsen.Linearizability.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C-03 for the register workload: per-key WGL on the checked levels, relaxed reads counted. */
class RegisterCheckerTest {
    private static final Set<String> HARD_LEVELS = Set.of("linearizable", "strong");
    private static final String[] LEVELS = {"linearizable", "strong", "weak", "none"};

    @Test
    void cleanRandomHistoriesPass() {
        for (long seed = 0; seed < 100; seed++) {
            List<HistoryEvent> history = cleanHistory(new Random(seed));

            RegisterChecker.Result result = RegisterChecker.check(history, HARD_LEVELS, List.of(), 10_000);

            assertEquals(Verdict.LINEARIZABLE, result.verdict(), "seed " + seed + ": " + result.summary());
            assertEquals(3, result.keys(), "seed " + seed);
            assertTrue(result.operationsChecked() > 50, "seed " + seed + ": " + result.summary());
            assertEquals(List.of(), result.staleReads(), "seed " + seed);
            assertEquals(List.of(), result.uncommittedReads(), "seed " + seed);
        }
    }

    @Test
    void staleLinearizableReadFailsAndNamesTheRead() {
        RegisterChecker.Result result = RegisterChecker.check(overwriteThenReadOld("linearizable"), HARD_LEVELS, List.of(), 1_000);

        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertFalse(result.valid());
        assertEquals(Map.of("a", Verdict.NOT_LINEARIZABLE, "b", Verdict.LINEARIZABLE), result.verdictsByKey());
        assertTrue(result.explanation().startsWith("key a: NOT_LINEARIZABLE: operation #2 read -> 1"), result.explanation());
    }

    @Test
    void staleWeakReadIsCountedWithItsDistanceFromTheLastLeaderChange() {
        List<Long> leaderChanges = List.of(HistoryBuilder.nanos(5), HistoryBuilder.nanos(35), HistoryBuilder.nanos(45));

        RegisterChecker.Result result = RegisterChecker.check(overwriteThenReadOld("weak"), HARD_LEVELS, leaderChanges, 1_000);

        assertTrue(result.valid());
        assertEquals(Verdict.LINEARIZABLE, result.verdict());
        assertEquals(1, result.staleReads().size());
        assertEquals("a", result.staleReads().get(0).key());
        assertEquals(List.of(5L), result.staleReadMillisSinceLeaderChange()); // read invoked at 40 ms, change at 35 ms
        assertEquals(List.of(), result.uncommittedReads());
    }

    @Test
    void checkedLevelsDecideWhichReadsAreSearched() {
        RegisterChecker.Result result = RegisterChecker.check(overwriteThenReadOld("weak"), Set.of("weak"), List.of(), 1_000);

        assertEquals(Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals(List.of(), result.staleReads());
    }

    @Test
    void noneReadOfAnOverwrittenValueIsNotAnAnomaly() {
        RegisterChecker.Result result = RegisterChecker.check(overwriteThenReadOld("none"), HARD_LEVELS, List.of(), 1_000);

        assertTrue(result.valid());
        assertEquals(List.of(), result.staleReads());
        assertEquals(List.of(), result.uncommittedReads());
    }

    @Test
    void noneReadOfAFailedWritesValueIsCountedAndAnInfoWritesIsNot() {
        HistoryBuilder history = new HistoryBuilder();
        history.call(0, "write", "a", 7, 0).fail(10);
        history.call(1, "write", "a", 8, 0).info(10);
        history.read(2, "a", "none", 20).ok(7, 30);
        history.read(3, "a", "none", 20).ok(8, 30);

        RegisterChecker.Result result = RegisterChecker.check(history.events(), HARD_LEVELS, List.of(), 1_000);

        assertTrue(result.valid());
        assertEquals(1, result.uncommittedReads().size());
        assertEquals(7L, JsonNumbers.toLong(result.uncommittedReads().get(0).read().result()));
    }

    @Test
    void failedWriteHadNoEffectButAnUnansweredOneMayHave() {
        HistoryBuilder history = new HistoryBuilder();
        history.call(0, "write", "a", 7, 0).fail(10);
        history.call(1, "write", "b", 8, 0).open();
        history.read(2, "a", "linearizable", 20).ok(7, 30);
        history.read(3, "b", "linearizable", 20).ok(8, 30);

        RegisterChecker.Result result = RegisterChecker.check(history.events(), HARD_LEVELS, List.of(), 1_000);

        assertEquals(Map.of("a", Verdict.NOT_LINEARIZABLE, "b", Verdict.LINEARIZABLE), result.verdictsByKey());
    }

    @Test
    void keyOutOfBudgetIsUndecidedNotFailed() {
        // Many concurrent unknown writes and a read of a value none wrote: the search must try every subset.
        HistoryBuilder history = new HistoryBuilder();
        for (int process = 0; process < 16; process++) {
            history.call(process, "write", "a", process, 0).info(1);
        }
        history.read(99, "a", "linearizable", 0).ok(1_000, 1);
        history.call(100, "write", "b", 1, 0).ok(null, 1);

        RegisterChecker.Result result = RegisterChecker.check(history.events(), HARD_LEVELS, List.of(), 0);

        assertEquals(Verdict.UNKNOWN, result.verdict());
        assertTrue(result.valid());
        assertEquals(List.of("a"), result.undecidedKeys());
        assertTrue(result.explanation().startsWith("key a: UNKNOWN: search budget of 0 ms spent"), result.explanation());
    }

    @Test
    void historyReadBackFromJsonLinesChecksTheSame(@TempDir Path dir) throws IOException {
        List<HistoryEvent> history = new ArrayList<>(cleanHistory(new Random(7)));
        history.addAll(overwriteThenReadOld("weak"));
        history.addAll(overwriteThenReadOld("linearizable"));
        Path file = dir.resolve("history.jsonl");
        Files.write(file, history.stream().map(HistoryEvent::toJson).collect(Collectors.toList()));
        List<Long> leaderChanges = List.of(HistoryBuilder.nanos(30));

        RegisterChecker.Result direct = RegisterChecker.check(history, HARD_LEVELS, leaderChanges, 10_000);
        RegisterChecker.Result readBack = RegisterChecker.check(HistoryEvent.read(file), HARD_LEVELS, leaderChanges, 10_000);

        assertEquals(Verdict.NOT_LINEARIZABLE, readBack.verdict());
        assertEquals(direct.verdictsByKey(), readBack.verdictsByKey());
        assertEquals(direct.explanation(), readBack.explanation());
        assertEquals(direct.operationsChecked(), readBack.operationsChecked());
        assertEquals(direct.staleReadMillisSinceLeaderChange(), readBack.staleReadMillisSinceLeaderChange());
        assertEquals(direct.uncommittedReads().size(), readBack.uncommittedReads().size());
    }

    /** Key a: write 1, then write 2, then a read of 1 at {@code level}; key b: a write and a fresh read. */
    private static List<HistoryEvent> overwriteThenReadOld(String level) {
        HistoryBuilder history = new HistoryBuilder();
        history.call(1000, "write", "a", 1, 0).ok(1, 10);
        history.call(1001, "write", "a", 2, 20).ok(2, 30);
        history.read(1002, "a", level, 40).ok(1, 50);
        history.call(1003, "write", "b", 5, 0).ok(5, 10);
        history.read(1004, "b", level, 40).ok(5, 50);
        return history.events();
    }

    /**
     * Operations applied one after another to real registers (so that order is a valid linearization),
     * each interval then widened around its moment. Values are unique per key; some writes and cas
     * operations get an unknown outcome (applied or not) or fail (not applied); some reads fail.
     */
    private static List<HistoryEvent> cleanHistory(Random random) {
        HistoryBuilder history = new HistoryBuilder();
        Map<String, Long> registers = new HashMap<>();
        long nextValue = 1;
        for (int i = 0; i < 150; i++) {
            long moment = 100L * (i + 1);
            long call = moment - random.nextInt(150);
            long ret = moment + random.nextInt(150);
            int process = i % 6; // one process's operations are 600 ms apart: never overlapping
            String key = "k" + random.nextInt(3);
            Long current = registers.get(key);
            int kind = random.nextInt(3);
            int outcome = random.nextInt(10); // 0: unknown, 1: failed, otherwise ok
            if (kind == 0) {
                HistoryBuilder.Call read = history.read(process, key, LEVELS[random.nextInt(LEVELS.length)], call);
                if (outcome == 1) {
                    read.fail(ret);
                } else {
                    read.ok(current, ret);
                }
                continue;
            }
            long written = nextValue++;
            boolean applies = outcome > 1 || (outcome == 0 && random.nextBoolean());
            HistoryBuilder.Call write;
            boolean matched = true;
            if (kind == 1) {
                write = history.call(process, "write", key, written, call);
            } else {
                Long expected = current != null && random.nextBoolean() ? current : Long.valueOf(-random.nextInt(3));
                matched = expected.equals(current);
                write = history.call(process, "cas", key, List.of(expected, written), call);
            }
            if (applies && matched) {
                registers.put(key, written);
            }
            if (outcome == 0) {
                write.info(ret);
            } else if (outcome == 1) {
                write.fail(ret);
            } else {
                write.ok(kind == 1 ? (Object) written : (Object) matched, ret);
            }
        }
        return history.events();
    }
}
