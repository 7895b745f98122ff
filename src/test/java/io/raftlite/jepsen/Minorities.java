package io.raftlite.jepsen;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks of J-04 on the nemesis events of a history: which nodes were cut off in a minority, and
 * when. A minority is a group of fewer than half the nodes in a "partition" event; it is cut off
 * from its "partition-applied" (every node has its rules) until the next "heal". (A bridge and a
 * one-way cut leave every node in some majority.)
 */
final class Minorities {
    private record Window(Set<String> nodes, long from, long to) {
    }

    private Minorities() {
    }

    /** Writes acknowledged, and reads at {@code hardLevels} served, by a node while it was in a minority. */
    static List<String> acknowledgedInMinority(List<HistoryEvent> history, Set<String> hardLevels) {
        List<Window> windows = windows(history);
        List<String> violations = new ArrayList<>();
        for (ClientOperation op : ClientOperation.pair(history)) {
            boolean write = !op.f().equals("read");
            if (!op.ok() || !write && !hardLevels.contains(op.level())) {
                continue;
            }
            for (Window window : windows) {
                if (window.nodes().contains(op.node()) && op.call() >= window.from() && op.ret() <= window.to()) {
                    violations.add(op.node() + " in minority " + window.nodes() + ": " + op);
                }
            }
        }
        return violations;
    }

    /** Writes that succeeded after the first heal of a partition. */
    static long okWritesAfterFirstHeal(List<HistoryEvent> history) {
        long firstHeal = windows(history).stream().mapToLong(Window::to).min().orElse(Long.MAX_VALUE);
        return history.stream().filter(event -> !event.isNemesis() && event.type() == HistoryEvent.Type.OK
                && !event.f().equals("read") && event.time() > firstHeal).count();
    }

    private static List<Window> windows(List<HistoryEvent> history) {
        List<Window> windows = new ArrayList<>();
        Set<String> minority = new HashSet<>();
        long since = 0;
        for (HistoryEvent event : history) {
            if (!event.isNemesis()) {
                continue;
            }
            if (event.f().equals("partition") && event.value() instanceof Map<?, ?> description
                    && description.get("groups") instanceof List<?> groups) {
                int nodes = groups.stream().mapToInt(group -> ((List<?>) group).size()).sum();
                for (Object group : groups) {
                    if (((List<?>) group).size() * 2 < nodes) {
                        ((List<?>) group).forEach(node -> minority.add(node.toString()));
                    }
                }
            } else if (event.f().equals("partition-applied")) {
                since = event.time();
            } else if (event.f().equals("heal") && !minority.isEmpty()) {
                windows.add(new Window(Set.copyOf(minority), since, event.time()));
                minority.clear();
            }
        }
        return windows;
    }
}
