package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A failed check names the operation that could not be placed and the model state before it. */
class LinearizabilityExplanationTest {

    @Test
    void staleReadIsNamedWithTheStateItShouldHaveSeen() {
        List<Operation> history = List.of(
                new Operation(0, 0, 0, 10, "write", 1L, null),
                new Operation(1, 1, 20, 30, "write", 2L, null),
                new Operation(2, 2, 40, 50, "read", null, 1L));

        Linearizability.Result result = Linearizability.analyse(history, RegisterModel.ABSENT, 1_000);

        assertEquals(Linearizability.Verdict.NOT_LINEARIZABLE, result.verdict());
        assertEquals("operation #2 read -> 1 (process 2, call 40, return 50) could not be linearized: the longest"
                + " linearizable prefix places 2 of 3 operations, ending #0 write 1 (process 0, call 0, return 10),"
                + " #1 write 2 (process 1, call 20, return 30); model state(s) before it: 2", result.explanation());
    }

    @Test
    void everyStateMetAtTheDeepestDeadEndIsListed() {
        // Two concurrent writes: either may come last, and the read wants neither value.
        List<Operation> history = List.of(
                new Operation(0, 0, 0, 10, "write", 1L, null),
                new Operation(1, 1, 0, 10, "write", 2L, null),
                new Operation(2, 2, 20, 30, "read", null, 3L));

        Linearizability.Result result = Linearizability.analyse(history, RegisterModel.ABSENT, 1_000);

        assertEquals(Linearizability.Verdict.NOT_LINEARIZABLE, result.verdict());
        assertTrue(result.explanation().startsWith("operation #2 read -> 3"), result.explanation());
        assertTrue(result.explanation().endsWith("model state(s) before it: 2, 1"), result.explanation());
    }

    @Test
    void linearizableHistoryNeedsNoExplanation() {
        List<Operation> history = List.of(
                new Operation(0, 0, 0, 10, "write", 1L, null),
                new Operation(1, 1, 5, 30, "read", null, 1L));

        assertEquals(new Linearizability.Result(Linearizability.Verdict.LINEARIZABLE, ""),
                Linearizability.analyse(history, RegisterModel.ABSENT, 1_000));
    }
}
