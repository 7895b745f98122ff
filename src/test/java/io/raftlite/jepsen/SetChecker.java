package io.raftlite.jepsen;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The set workload (W3), as Jepsen's set checker: unique adds, then one final read. Lost:
 * acknowledged adds missing from it; unexpected: values nobody tried to add; recovered: adds of
 * unknown outcome that did happen (fine). Beyond Jepsen's: a value read twice, or one whose add
 * certainly failed, is also wrong.
 */
final class SetChecker {

    record Result(int attempted, int acknowledged, SortedSet<Long> lost, SortedSet<Long> unexpected, SortedSet<Long> recovered,
                  SortedSet<Long> duplicates, SortedSet<Long> failedButPresent) {
        boolean valid() {
            return lost.isEmpty() && unexpected.isEmpty() && duplicates.isEmpty() && failedButPresent.isEmpty();
        }

        String summary() {
            return "set: " + (valid() ? "valid" : "INVALID") + ", " + attempted + " adds attempted, " + acknowledged + " acknowledged; lost "
                    + lost + ", unexpected " + unexpected + ", duplicated " + duplicates + ", failed but present " + failedButPresent
                    + ", recovered " + recovered.size();
        }
    }

    private SetChecker() {
    }

    static Result check(List<HistoryEvent> history, List<Long> finalRead) {
        Set<Long> attempted = new HashSet<>();
        Set<Long> acknowledged = new HashSet<>();
        Set<Long> failed = new HashSet<>();
        for (ClientOperation op : ClientOperation.pair(history)) {
            if (op.f().equals("add")) {
                Long value = JsonNumbers.toLong(op.argument());
                attempted.add(value);
                if (op.ok()) {
                    acknowledged.add(value);
                } else if (op.failed()) {
                    failed.add(value);
                }
            }
        }
        SortedSet<Long> present = new TreeSet<>();
        SortedSet<Long> duplicates = new TreeSet<>();
        for (Long value : JsonNumbers.toLongList(finalRead)) {
            if (!present.add(value)) {
                duplicates.add(value);
            }
        }
        SortedSet<Long> lost = new TreeSet<>(acknowledged);
        lost.removeAll(present);
        SortedSet<Long> unexpected = new TreeSet<>(present);
        unexpected.removeAll(attempted);
        SortedSet<Long> failedButPresent = new TreeSet<>(present);
        failedButPresent.retainAll(failed);
        SortedSet<Long> recovered = new TreeSet<>(present);
        recovered.retainAll(attempted);
        recovered.removeAll(acknowledged);
        recovered.removeAll(failed);
        return new Result(attempted.size(), acknowledged.size(), lost, unexpected, recovered, duplicates, failedButPresent);
    }
}
