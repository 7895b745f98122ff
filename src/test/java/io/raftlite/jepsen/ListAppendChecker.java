package io.raftlite.jepsen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The list-append workload (W2, §3.3): each key is a list that appends extend with values unique
 * to the key, so every read shows an order of appends and needs no search. Per key: every list
 * observed is a prefix of the longest one (one order), holds no value twice, no value nobody
 * appended (nor one whose append certainly failed), and respects real time against earlier reads
 * and acknowledged appends; the final read holds every acknowledged append.
 */
final class ListAppendChecker {

    enum Kind {
        /** A list that is not a prefix of the longest list of its key: two orders, or a reordering. */
        INCOMPATIBLE_ORDER,
        DUPLICATE,
        /** A value no invoked append wrote. */
        PHANTOM,
        /** A value whose append failed, which means it certainly had no effect. */
        FAILED_APPEND_READ,
        /** An acknowledged append missing from the final read. */
        LOST,
        NO_FINAL_READ,
        /** A read that does not begin with a read that completed before it was invoked. */
        STALE_READ,
        /** A read without an append acknowledged before it was invoked. */
        MISSED_APPEND
    }

    /** What was found, where: {@code operation} is the read (or append) at fault, {@code expected} what it should have shown. */
    record Violation(Kind kind, String key, String operation, String expected) {
    }

    record Result(int keys, int appends, int reads, List<Violation> violations) {
        boolean valid() {
            return violations.isEmpty();
        }

        long count(Kind kind) {
            return violations.stream().filter(v -> v.kind() == kind).count();
        }

        Map<Kind, Violation> firstOfEachKind() {
            Map<Kind, Violation> first = new EnumMap<>(Kind.class);
            violations.forEach(v -> first.putIfAbsent(v.kind(), v));
            return first;
        }

        String summary() {
            return "list-append: " + (valid() ? "valid" : "INVALID") + ", " + appends + " appends and " + reads + " reads on " + keys
                    + " keys" + firstOfEachKind().values().stream()
                    .map(v -> "\n" + v.kind() + " x" + count(v.kind()) + ", e.g. key " + v.key() + ": " + v.operation() + "; expected " + v.expected())
                    .collect(Collectors.joining());
        }
    }

    /** A list seen on a key: by a read of the history, or the final read (which has no interval). */
    private record Observed(String by, List<Long> values, long call, long ret) {
        static Observed finalRead(List<Long> values) {
            return new Observed("final read " + values, values, Long.MAX_VALUE, Long.MAX_VALUE);
        }
    }

    private ListAppendChecker() {
    }

    /** @param finalReads each key's list as read after the final heal */
    static Result check(List<HistoryEvent> history, Map<String, List<Long>> finalReads) {
        Map<String, List<ClientOperation>> byKey = new TreeMap<>();
        finalReads.keySet().forEach(key -> byKey.put(key, new ArrayList<>()));
        for (ClientOperation op : ClientOperation.pair(history)) {
            byKey.computeIfAbsent(op.key(), key -> new ArrayList<>()).add(op);
        }
        List<Violation> violations = new ArrayList<>();
        int appends = 0;
        int reads = 0;
        for (Map.Entry<String, List<ClientOperation>> entry : byKey.entrySet()) {
            String key = entry.getKey();
            List<ClientOperation> keyAppends = entry.getValue().stream().filter(op -> op.f().equals("append")).toList();
            List<Observed> keyReads = entry.getValue().stream().filter(op -> op.f().equals("read") && op.ok())
                    .map(op -> new Observed(op.toString(), JsonNumbers.toLongList(op.result()), op.call(), op.ret())).toList();
            List<Observed> observed = new ArrayList<>(keyReads);
            if (finalReads.containsKey(key)) {
                observed.add(Observed.finalRead(JsonNumbers.toLongList(finalReads.get(key))));
            }
            checkValues(key, keyAppends, observed, violations);
            checkSingleOrder(key, observed, violations);
            checkFinalRead(key, keyAppends, finalReads.containsKey(key) ? observed.get(observed.size() - 1) : null, violations);
            checkReadsFollowEarlierReads(key, observed, violations);
            checkReadsSeeEarlierAppends(key, keyAppends, keyReads, violations);
            appends += keyAppends.size();
            reads += keyReads.size();
        }
        return new Result(byKey.size(), appends, reads, violations);
    }

    private static void checkValues(String key, List<ClientOperation> appends, List<Observed> observed, List<Violation> violations) {
        Set<Long> attempted = new HashSet<>();
        Set<Long> mayHaveTakenEffect = new HashSet<>();
        for (ClientOperation append : appends) {
            Long value = JsonNumbers.toLong(append.argument());
            attempted.add(value);
            if (!append.failed()) {
                mayHaveTakenEffect.add(value);
            }
        }
        for (Observed list : observed) {
            Set<Long> seen = new HashSet<>();
            for (Long value : list.values()) {
                if (!seen.add(value)) {
                    violations.add(new Violation(Kind.DUPLICATE, key, list.by(), "each value once, not " + value + " again"));
                }
                if (!attempted.contains(value)) {
                    violations.add(new Violation(Kind.PHANTOM, key, list.by(), "only appended values, not " + value));
                } else if (!mayHaveTakenEffect.contains(value)) {
                    violations.add(new Violation(Kind.FAILED_APPEND_READ, key, list.by(), "not " + value + ", whose append failed"));
                }
            }
        }
    }

    private static void checkSingleOrder(String key, List<Observed> observed, List<Violation> violations) {
        Observed longest = observed.stream().max(Comparator.comparingInt(list -> list.values().size())).orElse(null);
        for (Observed list : observed) {
            if (!isPrefix(list.values(), longest.values())) {
                violations.add(new Violation(Kind.INCOMPATIBLE_ORDER, key, list.by(),
                        "a prefix of the longest list, " + longest.values() + " (" + longest.by() + ")"));
            }
        }
    }

    private static void checkFinalRead(String key, List<ClientOperation> appends, Observed finalRead, List<Violation> violations) {
        List<ClientOperation> acknowledged = appends.stream().filter(ClientOperation::ok).toList();
        if (finalRead == null) {
            if (!acknowledged.isEmpty()) {
                violations.add(new Violation(Kind.NO_FINAL_READ, key, acknowledged.get(0).toString(), "a final read of the key"));
            }
            return;
        }
        Set<Long> present = new HashSet<>(finalRead.values());
        for (ClientOperation append : acknowledged) {
            if (!present.contains(JsonNumbers.toLong(append.argument()))) {
                violations.add(new Violation(Kind.LOST, key, append.toString(), "in the " + finalRead.by()));
            }
        }
    }

    /** If read r1 completed before read r2 was invoked, r1 is a prefix of r2; the longest such r1 is the one to beat. */
    private static void checkReadsFollowEarlierReads(String key, List<Observed> observed, List<Violation> violations) {
        List<Observed> byCompletion = observed.stream().sorted(Comparator.comparingLong(Observed::ret)).toList();
        List<Observed> byInvocation = observed.stream().sorted(Comparator.comparingLong(Observed::call)).toList();
        Observed longestCompleted = null;
        int completed = 0;
        for (Observed read : byInvocation) {
            while (completed < byCompletion.size() && byCompletion.get(completed).ret() < read.call()) {
                Observed earlier = byCompletion.get(completed++);
                if (longestCompleted == null || earlier.values().size() > longestCompleted.values().size()) {
                    longestCompleted = earlier;
                }
            }
            if (longestCompleted != null && !isPrefix(longestCompleted.values(), read.values())) {
                violations.add(new Violation(Kind.STALE_READ, key, read.by(),
                        "to begin with " + longestCompleted.values() + ", read before it by " + longestCompleted.by()));
            }
        }
    }

    private static void checkReadsSeeEarlierAppends(String key, List<ClientOperation> appends, List<Observed> reads, List<Violation> violations) {
        List<ClientOperation> acknowledged = appends.stream().filter(ClientOperation::ok)
                .sorted(Comparator.comparingLong(ClientOperation::ret)).toList();
        for (Observed read : reads) {
            Set<Long> present = new HashSet<>(read.values());
            for (ClientOperation append : acknowledged) {
                if (append.ret() >= read.call()) {
                    break;
                }
                if (!present.contains(JsonNumbers.toLong(append.argument()))) {
                    violations.add(new Violation(Kind.MISSED_APPEND, key, read.by(), "to hold " + append.argument() + ", appended before it by " + append));
                    break;
                }
            }
        }
    }

    private static boolean isPrefix(List<Long> prefix, List<Long> list) {
        return prefix.size() <= list.size() && prefix.equals(list.subList(0, prefix.size()));
    }
}
