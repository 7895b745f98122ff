package io.raftlite.jepsen;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * What the search learnt before giving up: the deepest dead end it met (the most operations placed
 * in order before reaching the return of an operation that no state let it place). Like porcupine's
 * and Knossos's reports, that operation and the model states it met are where a reader starts.
 */
final class LongestPartialLinearization {
    private static final int STATES_SHOWN = 5;
    private static final int PREFIX_TAIL_SHOWN = 5;

    private int depth = -1;
    private List<Operation> prefix = List.of();
    private Operation blocked;
    private final Set<Object> statesBeforeBlocked = new LinkedHashSet<>();

    /**
     * The search reached the return of {@code blocked} with {@code depth} operations placed (listed
     * by {@code placedInOrder}, built only when this is the deepest so far) and model state {@code state}.
     */
    void deadEnd(int depth, Supplier<List<Operation>> placedInOrder, Object state, Operation blocked) {
        if (depth > this.depth) {
            this.depth = depth;
            this.prefix = placedInOrder.get();
            this.blocked = blocked;
            statesBeforeBlocked.clear();
        }
        if (depth == this.depth && blocked == this.blocked && statesBeforeBlocked.size() < STATES_SHOWN) {
            statesBeforeBlocked.add(state);
        }
    }

    String explain(int operations) {
        if (blocked == null) {
            return "no dead end reached yet";
        }
        List<Operation> tail = prefix.subList(Math.max(0, prefix.size() - PREFIX_TAIL_SHOWN), prefix.size());
        return "operation " + describe(blocked) + " could not be linearized: the longest linearizable prefix places "
                + depth + " of " + operations + " operations"
                + (tail.isEmpty() ? "" : ", ending " + tail.stream().map(LongestPartialLinearization::describe).collect(Collectors.joining(", ")))
                + "; model state(s) before it: "
                + statesBeforeBlocked.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }

    static String describe(Operation op) {
        String ret = op.outcomeUnknown() ? "unknown" : Long.toString(op.ret());
        return "#" + op.id() + " " + effect(op) + " (process " + op.process() + ", call " + op.call() + ", return " + ret + ")";
    }

    private static String effect(Operation op) {
        switch (op.function()) {
            case "read":
                return "read -> " + op.result();
            case "cas":
                Object[] oldAndNew = (Object[]) op.argument();
                return "cas " + oldAndNew[0] + "->" + oldAndNew[1] + " -> " + (op.result() == null ? "unknown" : op.result());
            default:
                return op.function() + " " + op.argument();
        }
    }
}
