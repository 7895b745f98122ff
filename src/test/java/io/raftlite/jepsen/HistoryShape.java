package io.raftlite.jepsen;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The harness's own promises about a history, checked before any checker trusts it: times strictly
 * increase; each process alternates invocation and completion (never two operations at once, never
 * a completion without its invocation); a completion matches its invocation; a process that got
 * {@code info} never acts again; nemesis events are {@code info} events of the nemesis process.
 */
public final class HistoryShape {
    private HistoryShape() {
    }

    /** Every broken promise, one line each; empty when the history is well formed. */
    public static List<String> problems(List<HistoryEvent> history) {
        List<String> problems = new ArrayList<>();
        Map<Integer, HistoryEvent> open = new HashMap<>();
        Set<Integer> retired = new HashSet<>();
        long lastTime = Long.MIN_VALUE;
        for (HistoryEvent event : history) {
            if (event.time() <= lastTime) {
                problems.add("time goes backwards at " + event.toJson());
            }
            lastTime = event.time();
            if (event.isNemesis()) {
                if (event.type() != HistoryEvent.Type.INFO) {
                    problems.add("a nemesis event that is not info: " + event.toJson());
                }
                continue;
            }
            if (retired.contains(event.process())) {
                problems.add("process " + event.process() + " acts after its info: " + event.toJson());
            }
            HistoryEvent invocation = open.get(event.process());
            if (event.type() == HistoryEvent.Type.INVOKE) {
                if (invocation != null) {
                    problems.add("process " + event.process() + " invokes while " + invocation.toJson() + " is open: " + event.toJson());
                }
                open.put(event.process(), event);
                continue;
            }
            if (invocation == null) {
                problems.add("a completion without an open invocation: " + event.toJson());
            } else if (!invocation.f().equals(event.f()) || !Objects.equals(invocation.key(), event.key())
                    || !Objects.equals(invocation.node(), event.node())) {
                problems.add("a completion that does not match its invocation " + invocation.toJson() + ": " + event.toJson());
            }
            open.remove(event.process());
            if (event.type() == HistoryEvent.Type.INFO) {
                retired.add(event.process());
            }
        }
        return problems;
    }

    /** Invocations that never completed (none once the clients stopped cleanly). */
    public static List<HistoryEvent> open(List<HistoryEvent> history) {
        Map<Integer, HistoryEvent> open = new HashMap<>();
        for (HistoryEvent event : history) {
            if (event.isNemesis()) {
                continue;
            }
            if (event.type() == HistoryEvent.Type.INVOKE) {
                open.put(event.process(), event);
            } else {
                open.remove(event.process());
            }
        }
        return List.copyOf(open.values());
    }
}
