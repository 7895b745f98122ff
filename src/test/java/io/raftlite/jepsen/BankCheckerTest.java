package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** C-03 for the bank workload: reads must show every account, none negative, and the constant total. */
class BankCheckerTest {
    private static final Set<String> ACCOUNTS = Set.of("a", "b", "c", "d");
    private static final long TOTAL = 100;

    @Test
    void cleanRunPasses() {
        BankChecker.Result result = BankChecker.check(run(new Random(1), Map.of()), ACCOUNTS, TOTAL);

        assertTrue(result.valid(), result.summary());
        assertEquals(50, result.readsChecked());
    }

    @Test
    void readWithABrokenTotalIsBad() {
        BankChecker.Result result = BankChecker.check(run(new Random(2), Map.of("a", 1_000)), ACCOUNTS, TOTAL);

        assertEquals(1, result.badReads().size(), result.summary());
        assertTrue(result.badReads().get(0).problems().get(0).startsWith("total "), result.summary());
    }

    @Test
    void negativeBalanceIsBadEvenWhenTheTotalHolds() {
        BankChecker.Result result = BankChecker.check(run(new Random(3), Map.of("a", -5, "b", 30, "c", 40, "d", 35)), ACCOUNTS, TOTAL);

        assertEquals(1, result.badReads().size(), result.summary());
        assertEquals(List.of("account a at -5"), result.badReads().get(0).problems());
    }

    @Test
    void readMissingAnAccountIsBad() {
        BankChecker.Result result = BankChecker.check(run(new Random(4), Map.of("a", 30, "b", 30, "c", 40)), ACCOUNTS, TOTAL);

        assertEquals(List.of("accounts missing: [d]"), result.badReads().get(0).problems(), result.summary());
    }

    /**
     * Random transfers between four accounts and 50 reads of all balances (Integers, as JSON gives
     * them back); the read at 50 ms is replaced by {@code faultyRead} unless that is empty.
     */
    private static List<HistoryEvent> run(Random random, Map<String, Integer> faultyRead) {
        HistoryBuilder history = new HistoryBuilder();
        Map<String, Integer> balances = new LinkedHashMap<>(Map.of("a", 25, "b", 25, "c", 25, "d", 25));
        List<String> names = List.copyOf(balances.keySet());
        for (int i = 0; i < 100; i++) {
            if (i % 2 == 0) {
                history.read(0, null, "strong", i).ok(i == 50 && !faultyRead.isEmpty() ? faultyRead : Map.copyOf(balances), i);
                continue;
            }
            String from = names.get(random.nextInt(names.size()));
            String to = names.get(random.nextInt(names.size()));
            int amount = random.nextInt(balances.get(from) + 1);
            balances.merge(from, -amount, Integer::sum);
            balances.merge(to, amount, Integer::sum);
            history.call(1, "transfer", null, Map.of("from", from, "to", to, "amount", amount), i).ok(null, i);
        }
        return history.events();
    }
}
