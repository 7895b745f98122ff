package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C-03 for the set workload: lost, unexpected and duplicated values fail; recovered ones are counted. */
class SetCheckerTest {

    /** A generated run: adds, the final read, and which values the final read holds for each reason. */
    private record Run(List<HistoryEvent> history, List<Long> finalRead, Set<Long> acknowledged, Set<Long> recovered, Set<Long> failed) {
    }

    @Test
    void cleanRunPassesAndCountsRecoveredAdds() {
        for (long seed = 0; seed < 50; seed++) {
            Run run = cleanRun(new Random(seed));

            SetChecker.Result result = SetChecker.check(run.history(), run.finalRead());

            assertTrue(result.valid(), "seed " + seed + ": " + result.summary());
            assertEquals(run.recovered(), result.recovered(), "seed " + seed);
            assertEquals(100, result.attempted());
            assertEquals(run.acknowledged().size(), result.acknowledged());
        }
    }

    @Test
    void acknowledgedAddMissingFromTheFinalReadIsLost() {
        Run run = cleanRun(new Random(1));
        Long lost = run.acknowledged().iterator().next();
        List<Long> finalRead = new ArrayList<>(run.finalRead());
        finalRead.remove(lost);

        SetChecker.Result result = SetChecker.check(run.history(), finalRead);

        assertFalse(result.valid());
        assertEquals(Set.of(lost), result.lost());
    }

    @Test
    void valueNeverAddedIsUnexpected() {
        Run run = cleanRun(new Random(2));
        List<Long> finalRead = new ArrayList<>(run.finalRead());
        finalRead.add(999_999L);

        SetChecker.Result result = SetChecker.check(run.history(), finalRead);

        assertFalse(result.valid());
        assertEquals(Set.of(999_999L), result.unexpected());
    }

    @Test
    void valueReadTwiceIsADuplicate() {
        Run run = cleanRun(new Random(3));
        List<Long> finalRead = new ArrayList<>(run.finalRead());
        finalRead.add(finalRead.get(0));

        SetChecker.Result result = SetChecker.check(run.history(), finalRead);

        assertFalse(result.valid());
        assertEquals(Set.of(run.finalRead().get(0)), result.duplicates());
    }

    @Test
    void failedAddThatIsPresentIsWrong() {
        Run run = cleanRun(new Random(4));
        Long failed = run.failed().iterator().next();
        List<Long> finalRead = new ArrayList<>(run.finalRead());
        finalRead.add(failed);

        SetChecker.Result result = SetChecker.check(run.history(), finalRead);

        assertFalse(result.valid());
        assertEquals(Set.of(failed), result.failedButPresent());
        assertEquals(run.recovered(), result.recovered());
    }

    /** 100 adds by 5 processes; some fail (absent), some have an unknown outcome (present or not). */
    private static Run cleanRun(Random random) {
        HistoryBuilder history = new HistoryBuilder();
        List<Long> present = new ArrayList<>();
        Set<Long> acknowledged = new TreeSet<>();
        Set<Long> recovered = new TreeSet<>();
        Set<Long> failed = new TreeSet<>();
        for (long value = 0; value < 100; value++) {
            HistoryBuilder.Call add = history.call((int) value % 5, "add", "s", value, value * 10);
            int outcome = random.nextInt(10);
            if (outcome == 0) {
                add.info(value * 10 + 5);
                if (random.nextBoolean()) {
                    present.add(value);
                    recovered.add(value);
                }
            } else if (outcome == 1) {
                add.fail(value * 10 + 5);
                failed.add(value);
            } else {
                add.ok(value, value * 10 + 5);
                present.add(value);
                acknowledged.add(value);
            }
        }
        Collections.shuffle(present, random); // the order of a set's read means nothing
        return new Run(history.events(), present, acknowledged, recovered, failed);
    }
}
