package io.raftlite.jepsen;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bodies of {@code PUT /admin/faults/network} that make a network fault: for each node, the
 * rules on its links. A cut link gets a blackhole rule on both of its ends, so it stays cut while
 * one end is down, paused or restarting without rules of its own.
 */
public final class LinkRules {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One rule as the node takes it; {@code direction} is in, out or both (as seen from the node holding the rule). */
    public record Rule(String peer, String direction, double drop, double duplicate, long minDelayMillis, long maxDelayMillis,
                       boolean blackhole) {
        public static Rule blackhole(String peer, String direction) {
            return new Rule(peer, direction, 0, 0, 0, 0, true);
        }
    }

    private LinkRules() {
    }

    /** No rule anywhere: every link delivers. */
    public static Map<String, List<Rule>> healed(List<String> nodes) {
        Map<String, List<Rule>> rules = new LinkedHashMap<>();
        nodes.forEach(node -> rules.put(node, List.of()));
        return rules;
    }

    /** Every link between nodes of different groups is cut both ways; a node in no group is cut from all. */
    public static Map<String, List<Rule>> partition(List<String> nodes, List<Set<String>> groups) {
        Map<String, List<Rule>> rules = new LinkedHashMap<>();
        for (String node : nodes) {
            List<Rule> own = new ArrayList<>();
            for (String peer : nodes) {
                if (!peer.equals(node) && !sameGroup(groups, node, peer)) {
                    own.add(Rule.blackhole(peer, "both"));
                }
            }
            rules.put(node, List.copyOf(own));
        }
        return rules;
    }

    /**
     * {@code bridge} keeps its links to everyone; the rest are split into {@code half} and the
     * others, which cannot reach each other (a bridge, as in Jepsen: two majorities that overlap in one node).
     */
    public static Map<String, List<Rule>> bridge(List<String> nodes, String bridge, Set<String> half) {
        Map<String, List<Rule>> rules = new LinkedHashMap<>();
        for (String node : nodes) {
            List<Rule> own = new ArrayList<>();
            for (String peer : nodes) {
                boolean eitherIsBridge = node.equals(bridge) || peer.equals(bridge);
                if (!peer.equals(node) && !eitherIsBridge && half.contains(node) != half.contains(peer)) {
                    own.add(Rule.blackhole(peer, "both"));
                }
            }
            rules.put(node, List.copyOf(own));
        }
        return rules;
    }

    /**
     * Every link loses, duplicates and delays messages, on the sending side only (so each message
     * meets the odds once): 20% lost, 10% delivered twice, 0-100 ms late, which also reorders them.
     */
    public static Map<String, List<Rule>> lossy(List<String> nodes) {
        Map<String, List<Rule>> rules = new LinkedHashMap<>();
        for (String node : nodes) {
            rules.put(node, nodes.stream().filter(peer -> !peer.equals(node))
                    .map(peer -> new Rule(peer, "out", 0.2, 0.1, 0, 100, false)).toList());
        }
        return rules;
    }

    /** Messages from {@code from} to {@code to} are lost (dropped as {@code from} sends and as {@code to} receives); the other way they arrive. */
    public static Map<String, List<Rule>> oneWay(List<String> nodes, String from, String to) {
        Map<String, List<Rule>> rules = healed(nodes);
        rules.put(from, List.of(Rule.blackhole(to, "out")));
        rules.put(to, List.of(Rule.blackhole(from, "in")));
        return rules;
    }

    /** {@code {"rules":[...]}} for one node. */
    public static String body(List<Rule> rules) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("rules");
        for (Rule rule : rules) {
            ObjectNode json = array.addObject();
            json.put("peer", rule.peer());
            json.put("direction", rule.direction());
            json.put("drop", rule.drop());
            json.put("duplicate", rule.duplicate());
            json.putArray("delay_ms").add(rule.minDelayMillis()).add(rule.maxDelayMillis());
            json.put("blackhole", rule.blackhole());
        }
        return root.toString();
    }

    private static boolean sameGroup(List<Set<String>> groups, String node, String peer) {
        return groups.stream().anyMatch(group -> group.contains(node) && group.contains(peer));
    }
}
