package io.raftlite.jepsen;

import io.raftlite.jepsen.Linearizability.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The register workload (W1, W5): a history over many keys is linearizable iff each key's
 * sub-history is (P-compositionality, §3.2 step 3), so each key gets its own WGL search from an
 * absent register. Only reads at the checked levels enter the search; the others are audited by
 * {@link RelaxedReads} and counted, never failed.
 */
final class RegisterChecker {

    /**
     * @param verdict      NOT_LINEARIZABLE if any key is, else UNKNOWN if any key's search ran out of budget
     * @param explanation  one line per key that is not linearizable or undecided
     * @param operationsChecked operations that went into the searches
     */
    record Result(Verdict verdict, Map<String, Verdict> verdictsByKey, String explanation, int operationsChecked,
                  List<RelaxedReads.StaleRead> staleReads, List<RelaxedReads.UncommittedRead> uncommittedReads) {

        /** The hard part holds: no key is proven non-linearizable (undecided keys are reported, not failed). */
        boolean valid() {
            return verdict != Verdict.NOT_LINEARIZABLE;
        }

        int keys() {
            return verdictsByKey.size();
        }

        List<String> undecidedKeys() {
            return verdictsByKey.entrySet().stream().filter(e -> e.getValue() == Verdict.UNKNOWN).map(Map.Entry::getKey).toList();
        }

        List<Long> staleReadMillisSinceLeaderChange() {
            return staleReads.stream().map(RelaxedReads.StaleRead::millisSinceLeaderChange).toList();
        }

        String summary() {
            return "register: " + verdict + ", " + operationsChecked + " operations checked on " + keys() + " keys"
                    + (undecidedKeys().isEmpty() ? "" : ", undecided keys " + undecidedKeys())
                    + "; " + staleReads.size() + " stale relaxed reads (ms since a leader change: " + staleReadMillisSinceLeaderChange()
                    + "); " + uncommittedReads.size() + " reads of uncommitted values"
                    + (explanation.isEmpty() ? "" : "\n" + explanation);
        }
    }

    private RegisterChecker() {
    }

    /**
     * @param checkedLevels      read levels checked for linearizability, e.g. {@code linearizable, strong}
     * @param leaderChangeNanos  test-relative times of leader changes, to place stale relaxed reads
     * @param budgetMillisPerKey the search budget of each key
     */
    static Result check(List<HistoryEvent> history, Set<String> checkedLevels, List<Long> leaderChangeNanos, long budgetMillisPerKey) {
        Map<String, List<ClientOperation>> byKey = ClientOperation.pair(history).stream()
                .collect(Collectors.groupingBy(RegisterChecker::keyOf, TreeMap::new, Collectors.toList()));
        Map<String, Verdict> verdicts = new LinkedHashMap<>();
        List<String> explanations = new ArrayList<>();
        List<RelaxedReads.StaleRead> stale = new ArrayList<>();
        List<RelaxedReads.UncommittedRead> uncommitted = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<ClientOperation>> key : byKey.entrySet()) {
            KeyHistory split = KeyHistory.of(key.getValue(), checkedLevels);
            List<Operation> searched = split.searched();
            Linearizability.Result result = Linearizability.analyse(searched, RegisterModel.ABSENT, budgetMillisPerKey);
            verdicts.put(key.getKey(), result.verdict());
            if (result.verdict() != Verdict.LINEARIZABLE) {
                explanations.add("key " + key.getKey() + ": " + result.verdict() + ": " + result.explanation());
            }
            checked += searched.size();
            RelaxedReads.Findings findings = RelaxedReads.audit(key.getKey(), split.writes(), split.relaxedReads(), leaderChangeNanos);
            stale.addAll(findings.stale());
            uncommitted.addAll(findings.uncommitted());
        }
        return new Result(overall(verdicts.values()), verdicts, String.join("\n", explanations), checked, stale, uncommitted);
    }

    /** One key's operations: those for the search (writes among them) and the relaxed reads left out of it. */
    private record KeyHistory(List<Operation> searched, List<Operation> writes, List<ClientOperation> relaxedReads) {
        static KeyHistory of(List<ClientOperation> operations, Set<String> checkedLevels) {
            KeyHistory split = new KeyHistory(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            for (int id = 0; id < operations.size(); id++) {
                ClientOperation op = operations.get(id);
                Optional<Operation> effective = RegisterOperations.effective(op, id);
                boolean read = op.f().equals("read");
                if (effective.isEmpty()) {
                    continue;
                }
                if (read && (op.level() == null || !checkedLevels.contains(op.level()))) {
                    split.relaxedReads.add(op);
                    continue;
                }
                split.searched.add(effective.get());
                if (!read) {
                    split.writes.add(effective.get());
                }
            }
            return split;
        }
    }

    private static String keyOf(ClientOperation op) {
        if (op.key() == null) {
            throw new IllegalArgumentException("a register operation without a key: " + op);
        }
        return op.key();
    }

    private static Verdict overall(Iterable<Verdict> verdicts) {
        Verdict overall = Verdict.LINEARIZABLE;
        for (Verdict verdict : verdicts) {
            if (verdict == Verdict.NOT_LINEARIZABLE) {
                return verdict;
            }
            if (verdict == Verdict.UNKNOWN) {
                overall = verdict;
            }
        }
        return overall;
    }
}
