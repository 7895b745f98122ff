package io.raftlite.jepsen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The bank workload (W4): transfers move money between a fixed set of accounts, so every
 * acknowledged read of all balances must show every account, no negative balance (the schema's
 * CHECK) and the same total. A read that does not is a snapshot no serial order produced.
 */
final class BankChecker {

    record BadRead(ClientOperation read, List<String> problems) {
    }

    record Result(int readsChecked, List<BadRead> badReads) {
        boolean valid() {
            return badReads.isEmpty();
        }

        String summary() {
            return "bank: " + (valid() ? "valid" : "INVALID") + ", " + readsChecked + " reads checked, " + badReads.size() + " bad"
                    + badReads.stream().limit(5).map(bad -> "\n" + bad.problems() + " in " + bad.read()).collect(Collectors.joining());
        }
    }

    private BankChecker() {
    }

    static Result check(List<HistoryEvent> history, Set<String> accounts, long total) {
        int checked = 0;
        List<BadRead> bad = new ArrayList<>();
        for (ClientOperation op : ClientOperation.pair(history)) {
            if (op.f().equals("read") && op.ok()) {
                checked++;
                List<String> problems = problems(JsonNumbers.toLongMap(op.result()), accounts, total);
                if (!problems.isEmpty()) {
                    bad.add(new BadRead(op, problems));
                }
            }
        }
        return new Result(checked, bad);
    }

    private static List<String> problems(Map<String, Long> balances, Set<String> accounts, long total) {
        List<String> problems = new ArrayList<>();
        long sum = balances.values().stream().filter(Objects::nonNull).mapToLong(Long::longValue).sum();
        if (sum != total) {
            problems.add("total " + sum + " instead of " + total);
        }
        balances.forEach((account, balance) -> {
            if (balance == null || balance < 0) {
                problems.add("account " + account + " at " + balance);
            }
        });
        Set<String> missing = new TreeSet<>(accounts);
        missing.removeAll(balances.keySet());
        if (!missing.isEmpty()) {
            problems.add("accounts missing: " + missing);
        }
        Set<String> unknown = new TreeSet<>(balances.keySet());
        unknown.removeAll(accounts);
        if (!unknown.isEmpty()) {
            problems.add("unknown accounts: " + unknown);
        }
        return problems;
    }
}
