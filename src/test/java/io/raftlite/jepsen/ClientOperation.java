package io.raftlite.jepsen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A client's invocation joined with its completion. The history's events are paired by process, in
 * the order they were written (a process has at most one open operation); nemesis events are
 * skipped. An operation never completed counts as {@link HistoryEvent.Type#INFO} with
 * {@code ret = Long.MAX_VALUE}: it may have taken effect at any time after its call, or never.
 *
 * @param argument the invocation's value
 * @param result   the completion's value (null for info and never-completed operations)
 */
record ClientOperation(int process, String f, String key, String level, Object argument,
                       HistoryEvent.Type outcome, Object result, long call, long ret, String node) {

    boolean ok() {
        return outcome == HistoryEvent.Type.OK;
    }

    boolean failed() {
        return outcome == HistoryEvent.Type.FAIL;
    }

    boolean outcomeUnknown() {
        return outcome == HistoryEvent.Type.INFO;
    }

    static List<ClientOperation> pair(List<HistoryEvent> history) {
        List<HistoryEvent> invocations = new ArrayList<>();
        List<ClientOperation> operations = new ArrayList<>(); // in invocation order, filled in at completion
        Map<Integer, Integer> openByProcess = new LinkedHashMap<>();
        for (HistoryEvent event : history) {
            if (event.isNemesis()) {
                continue;
            }
            if (event.type() == HistoryEvent.Type.INVOKE) {
                Integer previous = openByProcess.put(event.process(), invocations.size());
                if (previous != null) {
                    throw new IllegalArgumentException("process " + event.process() + " invoked " + event.toJson() + " while "
                            + invocations.get(previous).toJson() + " was still open: one process, one operation at a time");
                }
                invocations.add(event);
                operations.add(null);
                continue;
            }
            Integer at = openByProcess.remove(event.process());
            HistoryEvent invocation = at == null ? null : invocations.get(at);
            if (invocation == null || !Objects.equals(invocation.f(), event.f()) || !Objects.equals(invocation.key(), event.key())) {
                throw new IllegalArgumentException("completion " + event.toJson() + " does not match the open invocation "
                        + (invocation == null ? "(none)" : invocation.toJson()));
            }
            operations.set(at, join(invocation, event.type(), event.value(), event.time()));
        }
        for (int neverCompleted : openByProcess.values()) {
            operations.set(neverCompleted, join(invocations.get(neverCompleted), HistoryEvent.Type.INFO, null, Long.MAX_VALUE));
        }
        return operations;
    }

    private static ClientOperation join(HistoryEvent invocation, HistoryEvent.Type outcome, Object result, long completedAt) {
        boolean unknown = outcome == HistoryEvent.Type.INFO;
        return new ClientOperation(invocation.process(), invocation.f(), invocation.key(), invocation.level(), invocation.value(),
                outcome, unknown ? null : result, invocation.time(), unknown ? Long.MAX_VALUE : completedAt, invocation.node());
    }

    @Override
    public String toString() {
        String outcomeText = outcomeUnknown() ? "info" : outcome.name().toLowerCase() + " " + result;
        return "process " + process + " " + f + (key == null ? "" : " " + key) + (argument == null ? "" : " " + argument)
                + (level == null ? "" : " at " + level) + " -> " + outcomeText + " (" + millis(call) + " to "
                + (outcomeUnknown() ? "unknown" : millis(ret)) + ", node " + node + ")";
    }

    private static String millis(long nanos) {
        return String.format("%.3f ms", nanos / 1e6);
    }
}
