package io.raftlite.jepsen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Alternates healthy and fault periods for the length of a run. Each fault period applies one fault
 * of the given kinds (with {@code combine}, one network fault and one process fault together), each
 * kind once in a random order before any repeats, and ends with everything healed. Every action goes into the history as a nemesis event:
 * a fault just before it is applied (and a partition's "partition-applied" once every node has
 * its rules), a recovery (resume, heal) just after it took effect, so the
 * recorded window covers the real one; a restart is recorded when the process is launched (it
 * serves again only some seconds later). The schedule comes from a seeded Random.
 */
public final class NemesisRunner {
    public enum Fault {
        KILL_LEADER, KILL_ONE, KILL_MINORITY, KILL_ALL,
        PAUSE_LEADER, PAUSE_ONE, PAUSE_BURSTS,
        ISOLATE_ONE, ISOLATE_LEADER, RANDOM_HALVES, BRIDGE, ONE_WAY,
        /** Every link loses 20%, duplicates 10% and delays (so reorders) messages by up to 100 ms. */
        LOSSY_LINKS,
        /** {@code POST /admin/crash} with power loss on one node, restarted after 1-5 s. */
        POWER_LOSS_ONE
    }

    public static final Set<Fault> KILLS = Collections.unmodifiableSet(EnumSet.of(Fault.KILL_LEADER, Fault.KILL_ONE,
            Fault.KILL_MINORITY, Fault.KILL_ALL));
    public static final Set<Fault> PAUSES = Collections.unmodifiableSet(EnumSet.of(Fault.PAUSE_LEADER, Fault.PAUSE_ONE,
            Fault.PAUSE_BURSTS));
    public static final Set<Fault> PARTITIONS = Collections.unmodifiableSet(EnumSet.of(Fault.ISOLATE_ONE,
            Fault.ISOLATE_LEADER, Fault.RANDOM_HALVES, Fault.BRIDGE, Fault.ONE_WAY, Fault.LOSSY_LINKS));

    /** How long the cluster is left alone, and how long each fault lasts. */
    public record Schedule(Duration healthy, Duration faulty) {
        public static Schedule defaults() {
            return new Schedule(Duration.ofSeconds(5), Duration.ofSeconds(5));
        }
    }

    private final JepsenCluster cluster;
    private final HistoryRecorder history;
    private final List<Fault> processFaults;
    private final List<Fault> networkFaults;
    private final boolean combine;
    private final Schedule schedule;
    private final Random random;
    private final java.util.Deque<Fault> upcomingProcess = new java.util.ArrayDeque<>();
    private final java.util.Deque<Fault> upcomingNetwork = new java.util.ArrayDeque<>();

    public NemesisRunner(JepsenCluster cluster, HistoryRecorder history, Set<Fault> faults, boolean combine,
                         Schedule schedule, long seed) {
        this.cluster = cluster;
        this.history = history;
        this.processFaults = faults.stream().filter(fault -> !PARTITIONS.contains(fault)).sorted().toList();
        this.networkFaults = faults.stream().filter(PARTITIONS::contains).sorted().toList();
        this.combine = combine;
        this.schedule = schedule;
        this.random = new Random(seed);
        System.out.println("jepsen nemesis " + faults + (combine ? " combined" : "") + ", seed " + seed
                + " (replay the schedule with -Djepsen.seed=" + seed + ")");
    }

    /** The seed of {@code -Djepsen.seed}, or a new one. */
    public static long seed() {
        String given = System.getProperty("jepsen.seed", "");
        return given.isBlank() ? new Random().nextLong() : Long.parseLong(given.strip());
    }

    /** Runs healthy and fault periods on the calling thread until {@code length} has passed; ends healed. */
    public void run(Duration length) throws Exception {
        long end = System.nanoTime() + length.toNanos();
        while (true) {
            sleepUntil(Math.min(end, System.nanoTime() + schedule.healthy().toNanos()));
            long remaining = end - System.nanoTime();
            if (remaining <= 0 || processFaults.isEmpty() && networkFaults.isEmpty()) {
                sleepUntil(end);
                return;
            }
            faultPeriod(System.nanoTime() + Math.min(remaining, schedule.faulty().toNanos()));
        }
    }

    private void faultPeriod(long endNanos) throws Exception {
        List<Fault> chosen = new ArrayList<>();
        if (combine && !processFaults.isEmpty() && !networkFaults.isEmpty()) {
            chosen.add(nextOf(networkFaults, upcomingNetwork));
            chosen.add(nextOf(processFaults, upcomingProcess));
        } else {
            List<Fault> all = new ArrayList<>(networkFaults);
            all.addAll(processFaults);
            chosen.add(nextOf(all, upcomingProcess));
        }
        for (Fault fault : chosen) {
            apply(fault, endNanos);
        }
        sleepUntil(endNanos);
        heal(cluster, history, null);
    }

    /** Heals the cluster and records it, and any node found exited by itself (a node crash: the test should fail on it). */
    static void heal(JepsenCluster cluster, HistoryRecorder history, String why) throws Exception {
        for (String node : cluster.heal()) {
            history.nemesis("found-exited", node, null);
        }
        history.nemesis("heal", null, why);
    }

    private void apply(Fault fault, long endNanos) throws Exception {
        switch (fault) {
            case KILL_LEADER -> kill(List.of(leaderOrAny()), endNanos, false);
            case KILL_ONE -> kill(List.of(anyUp()), endNanos, false);
            case KILL_MINORITY -> kill(someUp((cluster.nodeIds().size() - 1) / 2), endNanos, false);
            case KILL_ALL -> kill(someUp(cluster.nodeIds().size()), endNanos, false);
            case POWER_LOSS_ONE -> kill(List.of(anyUp()), endNanos, true);
            case PAUSE_LEADER -> pause(leaderOrAny(), endNanos);
            case PAUSE_ONE -> pause(anyUp(), endNanos);
            case PAUSE_BURSTS -> pauseBursts(endNanos);
            case ISOLATE_ONE -> isolate(pick(cluster.nodeIds()));
            case ISOLATE_LEADER -> isolate(leaderOrAny());
            case RANDOM_HALVES -> {
                List<Set<String>> groups = cluster.splitInHalves(random);
                history.nemesis("partition", null, describe("random-halves", null, groups));
                cluster.partition(groups);
                history.nemesis("partition-applied", null, null);
            }
            case BRIDGE -> {
                List<String> others = new ArrayList<>(cluster.nodeIds());
                String bridge = others.remove(random.nextInt(others.size()));
                Collections.shuffle(others, random);
                Set<String> half = Set.copyOf(others.subList(0, others.size() / 2));
                Set<String> otherHalf = Set.copyOf(others.subList(others.size() / 2, others.size()));
                history.nemesis("partition", bridge, describe("bridge", bridge, List.of(half, otherHalf)));
                cluster.bridge(bridge, half);
                history.nemesis("partition-applied", bridge, null);
            }
            case LOSSY_LINKS -> {
                history.nemesis("lossy-links", null, Map.of("drop", 0.2, "duplicate", 0.1, "delay_ms", List.of(0, 100)));
                cluster.lossyLinks();
            }
            case ONE_WAY -> {
                List<String> ends = new ArrayList<>(cluster.nodeIds());
                Collections.shuffle(ends, random);
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("from", ends.get(0));
                link.put("to", ends.get(1));
                history.nemesis("one-way", ends.get(0), link);
                cluster.oneWay(ends.get(0), ends.get(1));
                history.nemesis("partition-applied", ends.get(0), null);
            }
        }
    }

    private void kill(List<String> targets, long endNanos, boolean powerLoss) throws Exception {
        for (String node : targets) {
            if (powerLoss) {
                cluster.awaitAnswering(node, Duration.ofSeconds(60)); // the cut is asked for over HTTP; a restarted node takes a while
            }
            history.nemesis(powerLoss ? "power-loss" : "kill", node, null);
            if (powerLoss) {
                cluster.crash(node, true);
            } else {
                cluster.kill(node);
            }
        }
        sleepUntil(Math.min(endNanos, System.nanoTime() + millis(1000, 5000)));
        for (String node : targets) {
            cluster.restart(node);
            history.nemesis("restart", node, null);
        }
    }

    /** Paused for 1.5 to 5 election timeouts (or until the period ends). */
    private void pause(String node, long endNanos) throws Exception {
        history.nemesis("pause", node, null);
        cluster.pause(node);
        long electionTimeout = JepsenCluster.ELECTION_TIMEOUT.toMillis();
        sleepUntil(Math.min(endNanos, System.nanoTime() + millis(electionTimeout * 3 / 2, electionTimeout * 5)));
        cluster.resume(node);
        history.nemesis("resume", node, null);
    }

    /** Short pauses of 100-500 ms of random nodes, 100-500 ms apart, until the period ends. */
    private void pauseBursts(long endNanos) throws Exception {
        while (System.nanoTime() < endNanos) {
            String node = anyUp();
            history.nemesis("pause", node, "burst");
            cluster.pause(node);
            sleepUntil(Math.min(endNanos, System.nanoTime() + millis(100, 500)));
            cluster.resume(node);
            history.nemesis("resume", node, "burst");
            sleepUntil(Math.min(endNanos, System.nanoTime() + millis(100, 500)));
        }
    }

    private void isolate(String node) throws InterruptedException {
        List<String> rest = cluster.nodeIds().stream().filter(other -> !other.equals(node)).toList();
        history.nemesis("partition", node, describe("isolate", node, List.of(Set.of(node), Set.copyOf(rest))));
        cluster.isolate(node);
        history.nemesis("partition-applied", node, null);
    }

    private static Map<String, Object> describe(String kind, String node, List<Set<String>> groups) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("kind", kind);
        if (node != null) {
            value.put("node", node);
        }
        if (groups != null) {
            value.put("groups", groups.stream().map(group -> group.stream().sorted().toList()).toList());
        }
        return value;
    }

    private String leaderOrAny() throws InterruptedException {
        return cluster.leader().orElseGet(this::anyUp);
    }

    private String anyUp() {
        List<String> up = cluster.nodeIds().stream().filter(cluster::isUp).toList();
        return pick(up.isEmpty() ? cluster.nodeIds() : up);
    }

    private List<String> someUp(int count) {
        List<String> up = new ArrayList<>(cluster.nodeIds().stream().filter(cluster::isUp).toList());
        Collections.shuffle(up, random);
        return List.copyOf(up.subList(0, Math.min(count, up.size())));
    }

    /** Each kind once in a random order, then again: even a short run sees every kind. */
    private Fault nextOf(List<Fault> kinds, java.util.Deque<Fault> upcoming) {
        if (upcoming.isEmpty()) {
            List<Fault> shuffled = new ArrayList<>(kinds);
            Collections.shuffle(shuffled, random);
            upcoming.addAll(shuffled);
        }
        return upcoming.poll();
    }

    private <T> T pick(List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    private long millis(long min, long max) {
        return (min + (long) (random.nextDouble() * (max - min))) * 1_000_000;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long remaining = nanoTime - System.nanoTime();
        if (remaining > 0) {
            JepsenCluster.sleep(Duration.ofNanos(remaining));
        }
    }
}
