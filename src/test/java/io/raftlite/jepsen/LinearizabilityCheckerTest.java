package io.raftlite.jepsen;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * C-01: the checker agrees with the published verdict on each of the 102 Jepsen etcd histories.
 * C-02: random histories made from a real sequential run are linearizable; making one read stale
 * makes them not.
 */
class LinearizabilityCheckerTest {
    private static final Path HISTORIES = Path.of("..", "shared", "testdata", "jepsen-etcd");

    @TestFactory
    Stream<DynamicTest> agreesWithJepsensVerdictsOnEtcdHistories() throws IOException {
        List<String> lines = Files.readAllLines(HISTORIES.resolve("verdicts.tsv"));
        assertEquals(103, lines.size(), "a header and 102 histories");
        return lines.stream().skip(1).map(line -> line.split("\t")).map(row -> DynamicTest.dynamicTest(row[0], () -> {
            List<Operation> history = JepsenHistory.parse(HISTORIES.resolve(row[0]));
            Linearizability.Verdict verdict = Linearizability.check(history, RegisterModel.ABSENT, 60_000);
            assertEquals(Boolean.parseBoolean(row[1]) ? Linearizability.Verdict.LINEARIZABLE : Linearizability.Verdict.NOT_LINEARIZABLE,
                    verdict, row[0] + " (" + history.size() + " operations)");
        }));
    }

    @Test
    void randomConcurrentRunsAreLinearizableAndAStaleReadIsNot() {
        for (long seed = 0; seed < 200; seed++) {
            Random random = new Random(seed);
            List<Operation> history = sequentialRunWithOverlappingIntervals(random);
            assertEquals(Linearizability.Verdict.LINEARIZABLE, Linearizability.check(history, RegisterModel.ABSENT, 10_000), "seed " + seed);

            List<Operation> stale = new ArrayList<>(history);
            for (int i = stale.size() - 1; i >= 0; i--) {
                Operation op = stale.get(i);
                if (op.function().equals("read")) {
                    // A value nobody ever wrote cannot be read at any point: no order explains it.
                    stale.set(i, new Operation(op.id(), op.process(), op.call(), op.ret(), "read", null, 999_999L));
                    break;
                }
            }
            if (!stale.equals(history)) {
                assertEquals(Linearizability.Verdict.NOT_LINEARIZABLE, Linearizability.check(stale, RegisterModel.ABSENT, 10_000), "seed " + seed);
            }
        }
    }

    /**
     * Runs operations one after another on a real register (so the order is a valid linearisation),
     * then widens each operation's interval around its moment so that operations overlap.
     */
    private static List<Operation> sequentialRunWithOverlappingIntervals(Random random) {
        List<Operation> history = new ArrayList<>();
        Object value = null;
        for (int i = 0; i < 60; i++) {
            long moment = 100L * (i + 1);
            long call = moment - random.nextInt(150);
            long ret = moment + random.nextInt(150);
            int kind = random.nextInt(3);
            if (kind == 0) {
                history.add(new Operation(i, i % 5, call, ret, "read", null, value));
            } else if (kind == 1) {
                long written = random.nextInt(5);
                history.add(new Operation(i, i % 5, call, ret, "write", written, null));
                value = written;
            } else {
                Long expected = (long) random.nextInt(5);
                long replacement = random.nextInt(5);
                boolean applied = expected.equals(value);
                history.add(new Operation(i, i % 5, call, ret, "cas", new Object[] {expected, replacement}, applied));
                if (applied) {
                    value = replacement;
                }
            }
        }
        return history;
    }
}
