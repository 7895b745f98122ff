package io.raftlite.jepsen;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Wing and Gong search with Lowe's memoisation (as porcupine implements it): walk the history's
 * calls and returns in time order, tentatively linearising each call whose effect the model allows,
 * backtracking at a return whose operation is not yet linearised, and never revisiting a (set of
 * linearised operations, state) pair. Linearizable iff every operation can be placed; when one
 * cannot, the result names it (see {@link LongestPartialLinearization}).
 */
final class Linearizability {
    enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

    /** The verdict and, unless linearizable, why: the operation that could not be placed, or the budget spent. */
    record Result(Verdict verdict, String explanation) {
    }

    private static final class Entry {
        final Operation op;
        final boolean call;
        Entry match;
        Entry prev;
        Entry next;

        Entry(Operation op, boolean call) {
            this.op = op;
            this.call = call;
        }
    }

    private record Visited(BitSet linearised, Object state) {
    }

    private record Placed(Entry call, Object stateBefore) {
    }

    private Linearizability() {
    }

    static Verdict check(List<Operation> history, Object initialState, long budgetMillis) {
        return analyse(history, initialState, budgetMillis).verdict();
    }

    static Result analyse(List<Operation> history, Object initialState, long budgetMillis) {
        Entry head = buildList(history);
        long deadline = System.nanoTime() + budgetMillis * 1_000_000;
        Object state = initialState;
        BitSet linearised = new BitSet();
        Set<Visited> visited = new HashSet<>();
        Deque<Placed> stack = new ArrayDeque<>();
        LongestPartialLinearization deepest = new LongestPartialLinearization();
        Entry entry = head.next;
        long steps = 0;
        while (head.next != null) {
            if ((++steps & 0xFFF) == 0 && System.nanoTime() > deadline) {
                return new Result(Verdict.UNKNOWN, "search budget of " + budgetMillis + " ms spent; so far "
                        + deepest.explain(history.size()));
            }
            if (entry.call) {
                Optional<Object> next = RegisterModel.step(state, entry.op);
                if (next.isPresent()) {
                    BitSet after = (BitSet) linearised.clone();
                    after.set(entry.op.id());
                    if (visited.add(new Visited(after, next.get()))) {
                        stack.push(new Placed(entry, state));
                        state = next.get();
                        linearised = after;
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                deepest.deadEnd(stack.size(), () -> placedInOrder(stack), state, entry.op);
                if (stack.isEmpty()) {
                    // an operation returned that no order can place
                    return new Result(Verdict.NOT_LINEARIZABLE, deepest.explain(history.size()));
                }
                Placed placed = stack.pop();
                state = placed.stateBefore();
                linearised.clear(placed.call().op.id());
                unlift(placed.call());
                entry = placed.call().next;
            }
        }
        return new Result(Verdict.LINEARIZABLE, "");
    }

    private static List<Operation> placedInOrder(Deque<Placed> stack) {
        List<Operation> placed = new ArrayList<>(stack.size());
        stack.descendingIterator().forEachRemaining(p -> placed.add(p.call().op));
        return placed;
    }

    /** Calls and returns in time order (a call before a return at the same time), behind a sentinel head. */
    private static Entry buildList(List<Operation> history) {
        List<Entry> entries = new ArrayList<>();
        for (Operation op : history) {
            Entry call = new Entry(op, true);
            Entry ret = new Entry(op, false);
            call.match = ret;
            entries.add(call);
            entries.add(ret);
        }
        entries.sort(Comparator.<Entry>comparingLong(e -> e.call ? e.op.call() : e.op.ret()).thenComparing(e -> !e.call));
        Entry head = new Entry(null, false);
        Entry last = head;
        for (Entry entry : entries) {
            last.next = entry;
            entry.prev = last;
            last = entry;
        }
        return head;
    }

    private static void lift(Entry call) {
        call.prev.next = call.next;
        if (call.next != null) {
            call.next.prev = call.prev;
        }
        Entry ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(Entry call) {
        Entry ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        if (call.next != null) {
            call.next.prev = call;
        }
    }
}
