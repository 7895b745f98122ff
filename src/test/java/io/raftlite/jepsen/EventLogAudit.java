package io.raftlite.jepsen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * J-AUDIT: the white-box check after every Tier J run, over all nodes' {@code raft-events.jsonl}.
 * Election safety: at most one leader per term. State machine safety: every node that applied an
 * index applied the same entry (term and digest), and no node applied one index two ways. Per
 * node: the term never goes down, even across restarts (it is persisted); between restarts the
 * applied indexes go up one at a time, except that an installed snapshot moves the next one to
 * its index + 1.
 */
final class EventLogAudit {

    enum Rule {
        MISSING_FILE, MALFORMED_LINE, TWO_LEADERS_IN_A_TERM, DIVERGENT_ENTRY, TERM_DECREASED, APPLIED_OUT_OF_ORDER,
        APPLIED_WITH_GAP, SNAPSHOT_BEHIND_APPLIED
    }

    /** @param lines the offending lines, each as {@code file:line: text} */
    record Violation(Rule rule, String message, List<String> lines) {
    }

    /**
     * @param leadersByTerm   who became leader in each term (more than one only when violated)
     * @param appliedPerNode  how many applied events each node logged
     * @param leaderChangesMs when a node became leader (epoch ms), e.g. to place stale weak reads
     * @param tornLines       lines cut short by a crash, tolerated
     */
    record Summary(int events, int termsSeen, SortedMap<Long, List<String>> leadersByTerm, SortedMap<String, Integer> appliedPerNode,
                   List<Long> leaderChangesMs, int tornLines) {
    }

    record Result(List<Violation> violations, Summary summary) {
        boolean valid() {
            return violations.isEmpty();
        }

        long count(Rule rule) {
            return violations.stream().filter(v -> v.rule() == rule).count();
        }

        String report() {
            return "raft event audit: " + (valid() ? "valid" : "INVALID") + ", " + summary.events() + " events, " + summary.termsSeen()
                    + " terms, " + summary.leadersByTerm().size() + " leaders elected, applied per node " + summary.appliedPerNode()
                    + (summary.tornLines() == 0 ? "" : ", " + summary.tornLines() + " torn lines")
                    + violations.stream().map(v -> "\n" + v.rule() + ": " + v.message() + "\n  " + String.join("\n  ", v.lines()))
                    .collect(Collectors.joining());
        }
    }

    /** A node's progress through its own file. */
    private static final class NodeProgress {
        RaftEvent lastEvent;
        RaftEvent lastDurable; // the last hard-state written, across restarts
        RaftEvent lastApplied; // or the snapshot installed since; null right after a start: a restarted node may resume anywhere
        long lastAppliedIndex;
        final Map<Long, RaftEvent> appliedByIndex = new HashMap<>(); // across restarts
    }

    private EventLogAudit() {
    }

    /** @param allowMissing whether a node without an event log is acceptable (else a violation) */
    static Result audit(List<Path> files, boolean allowMissing) throws IOException {
        RaftEventLogs.Loaded loaded = RaftEventLogs.load(files, allowMissing);
        return audit(loaded.events(), loaded.violations(), loaded.tornLines());
    }

    static Result audit(List<RaftEvent> events, List<Violation> loadViolations, int tornLines) {
        List<Violation> violations = new ArrayList<>(loadViolations);
        Map<Long, RaftEvent> leaderOfTerm = new HashMap<>();
        SortedMap<Long, List<String>> leadersByTerm = new TreeMap<>();
        Map<Long, RaftEvent> firstApplied = new HashMap<>();
        Map<String, NodeProgress> nodes = new HashMap<>();
        SortedMap<String, Integer> appliedPerNode = new TreeMap<>();
        List<Long> leaderChanges = new ArrayList<>();
        for (RaftEvent event : events) {
            NodeProgress node = nodes.computeIfAbsent(event.node(), name -> new NodeProgress());
            checkTerm(event, node, violations);
            if (event.becameLeader()) {
                checkOneLeader(event, leaderOfTerm, violations);
                List<String> leaders = leadersByTerm.computeIfAbsent(event.term(), term -> new ArrayList<>());
                if (!leaders.contains(event.node())) {
                    leaders.add(event.node());
                }
                leaderChanges.add(event.timeMs());
            } else if (event.is(RaftEvent.START)) {
                node.lastApplied = null;
            } else if (event.is(RaftEvent.SNAPSHOT_INSTALLED)) {
                checkSnapshotInstalled(event, node, violations);
            } else if (event.is(RaftEvent.APPLIED)) {
                checkSameEntry(event, node, firstApplied, violations);
                checkAppliedInOrder(event, node, violations);
                appliedPerNode.merge(event.node(), 1, Integer::sum);
            }
            node.lastEvent = event;
        }
        int terms = events.stream().map(RaftEvent::term).collect(Collectors.toCollection(TreeSet::new)).size();
        return new Result(violations, new Summary(events.size(), terms, leadersByTerm, appliedPerNode, leaderChanges, tornLines));
    }

    /**
     * Within one run the term never goes back. Across a restart it may go back to the last durable
     * term: a term adopted in memory and lost in a crash before it was written is allowed, as long as
     * nothing was sent in it (votes and acknowledgements wait for the write). Below that it may not.
     */
    private static void checkTerm(RaftEvent event, NodeProgress node, List<Violation> violations) {
        RaftEvent before = event.is(RaftEvent.START) ? node.lastDurable : node.lastEvent;
        if (before != null && event.term() < before.term()) {
            violations.add(new Violation(Rule.TERM_DECREASED, "node " + event.node() + " went from " + (event.is(RaftEvent.START)
                    ? "durable " : "") + "term " + before.term() + " back to " + event.term(), lines(before, event)));
        }
        if (event.is(RaftEvent.HARD_STATE)) {
            node.lastDurable = event;
        }
    }

    private static void checkOneLeader(RaftEvent event, Map<Long, RaftEvent> leaderOfTerm, List<Violation> violations) {
        RaftEvent earlier = leaderOfTerm.putIfAbsent(event.term(), event);
        if (earlier != null && !earlier.node().equals(event.node())) {
            violations.add(new Violation(Rule.TWO_LEADERS_IN_A_TERM, "nodes " + earlier.node() + " and " + event.node()
                    + " both became leader in term " + event.term(), lines(earlier, event)));
        }
    }

    /** The node's own earlier apply of the index is compared first, so that one wrong line is reported once. */
    private static void checkSameEntry(RaftEvent event, NodeProgress node, Map<Long, RaftEvent> firstApplied, List<Violation> violations) {
        RaftEvent own = node.appliedByIndex.putIfAbsent(event.index(), event);
        RaftEvent anyone = firstApplied.putIfAbsent(event.index(), event);
        if (own != null && !own.entry().equals(event.entry())) {
            violations.add(new Violation(Rule.DIVERGENT_ENTRY, "node " + event.node() + " applied index " + event.index() + " twice: "
                    + own.entry() + ", then " + event.entry(), lines(own, event)));
        } else if (anyone != null && !anyone.entry().equals(event.entry())) {
            violations.add(new Violation(Rule.DIVERGENT_ENTRY, "index " + event.index() + ": node " + anyone.node() + " applied "
                    + anyone.entry() + ", node " + event.node() + " applied " + event.entry(), lines(anyone, event)));
        }
    }

    private static void checkSnapshotInstalled(RaftEvent event, NodeProgress node, List<Violation> violations) {
        if (node.lastApplied != null && event.index() < node.lastAppliedIndex) {
            violations.add(new Violation(Rule.SNAPSHOT_BEHIND_APPLIED, "node " + event.node() + " installed a snapshot at index "
                    + event.index() + " over state already at " + node.lastAppliedIndex, lines(node.lastApplied, event)));
        }
        node.lastApplied = event;
        node.lastAppliedIndex = event.index();
    }

    private static void checkAppliedInOrder(RaftEvent event, NodeProgress node, List<Violation> violations) {
        if (node.lastApplied != null && event.index() != node.lastAppliedIndex + 1) {
            Rule rule = event.index() <= node.lastAppliedIndex ? Rule.APPLIED_OUT_OF_ORDER : Rule.APPLIED_WITH_GAP;
            violations.add(new Violation(rule, "node " + event.node() + " applied index " + event.index() + " after "
                    + node.lastAppliedIndex + " (expected " + (node.lastAppliedIndex + 1) + ")", lines(node.lastApplied, event)));
        }
        node.lastApplied = event;
        node.lastAppliedIndex = event.index();
    }

    private static List<String> lines(RaftEvent... events) {
        return Arrays.stream(events).map(RaftEvent::toString).toList();
    }
}
