package io.raftlite.raft.actor;

import io.raftlite.raft.message.NodeId;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Injected faults on the links between this node and its peers (fault control, for tests): per
 * peer and direction, messages can be dropped, duplicated, delayed or all lost (blackhole). The
 * Raft actor consults it for every message it sends and receives, snapshot chunks included, and
 * request forwarding consults it too, so a blackhole is a partition as clients see it. Without rules
 * every message is delivered once, at once. Thread-safe: the rules are replaced as a whole.
 */
public final class LinkFaults {
    public enum Direction { IN, OUT }

    /**
     * Faults on the link with {@code peer}, in the directions where {@code in}/{@code out} is set.
     *
     * @param drop      probability of losing a message
     * @param duplicate probability of delivering a message twice
     * @param minDelayMillis/maxDelayMillis a message is delivered after a uniform delay in this range
     * @param blackhole lose every message
     */
    public record Rule(NodeId peer, boolean in, boolean out, double drop, double duplicate, long minDelayMillis,
                       long maxDelayMillis, boolean blackhole) {
        public Rule {
            if (drop < 0 || drop > 1 || duplicate < 0 || duplicate > 1) {
                throw new IllegalArgumentException("drop and duplicate are probabilities between 0 and 1");
            }
            if (minDelayMillis < 0 || maxDelayMillis < minDelayMillis) {
                throw new IllegalArgumentException("delay_ms must be [min, max] with 0 <= min <= max");
            }
            if (!in && !out) {
                throw new IllegalArgumentException("a rule needs a direction");
            }
        }

        boolean applies(NodeId to, Direction direction) {
            return peer.equals(to) && (direction == Direction.IN ? in : out);
        }
    }

    /** What happens to one message: delivered {@code copies} times (0: lost) after {@code delayMillis}. */
    public record Fate(int copies, long delayMillis) {
        static final Fate DELIVER = new Fate(1, 0);
        static final Fate LOST = new Fate(0, 0);

        public boolean lost() {
            return copies == 0;
        }
    }

    private volatile List<Rule> rules = List.of();

    /** A link set with no rules, as every node has unless fault control is enabled. */
    public static LinkFaults none() {
        return new LinkFaults();
    }

    public void replace(List<Rule> next) {
        rules = List.copyOf(next);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** The fate of one message to or from {@code peer}; the first matching rule decides. */
    public Fate fate(NodeId peer, Direction direction) {
        Optional<Rule> rule = ruleFor(peer, direction);
        if (rule.isEmpty()) {
            return Fate.DELIVER;
        }
        Rule matched = rule.get();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (matched.blackhole() || random.nextDouble() < matched.drop()) {
            return Fate.LOST;
        }
        int copies = random.nextDouble() < matched.duplicate() ? 2 : 1;
        long delay = matched.minDelayMillis() == matched.maxDelayMillis() ? matched.minDelayMillis()
                : random.nextLong(matched.minDelayMillis(), matched.maxDelayMillis() + 1);
        return new Fate(copies, delay);
    }

    /** Whether every message to or from {@code peer} is lost: a request forwarded there cannot arrive or be answered. */
    public boolean severed(NodeId peer) {
        return ruleFor(peer, Direction.OUT).filter(LinkFaults::losesAll).isPresent()
                || ruleFor(peer, Direction.IN).filter(LinkFaults::losesAll).isPresent();
    }

    private static boolean losesAll(Rule rule) {
        return rule.blackhole() || rule.drop() >= 1.0;
    }

    private Optional<Rule> ruleFor(NodeId peer, Direction direction) {
        List<Rule> current = rules;
        for (Rule rule : current) {
            if (rule.applies(peer, direction)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }
}
