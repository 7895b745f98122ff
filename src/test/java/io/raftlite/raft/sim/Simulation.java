package io.raftlite.raft.sim;

import io.raftlite.raft.RaftConfig;
import io.raftlite.raft.ReadOutcome;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import io.raftlite.raft.message.SnapshotMeta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A whole Raft cluster in one thread on virtual time (milliseconds), driven by one seeded Random:
 * the same seed replays the same run exactly. Scenarios script faults through the control methods;
 * {@link Invariants} are checked after every event.
 */
final class Simulation {
    private record Event(long time, long sequence, Supplier<String> label, Runnable action) {
    }

    private static final ThreadLocal<Simulation> CURRENT = new ThreadLocal<>();
    private static final int TRACE_LENGTH = 40;

    private final long seed;
    private final Random random;
    private final ClusterConfiguration configuration;
    private final RaftConfig raftConfig;
    private final int tickMs = 100;
    private final Map<NodeId, SimServer> servers = new TreeMap<>();
    private final SimNetwork network = new SimNetwork(this);
    private final Invariants invariants = new Invariants();
    private final PriorityQueue<Event> queue = new PriorityQueue<>(
            Comparator.comparingLong(Event::time).thenComparingLong(Event::sequence));
    private final ArrayDeque<String> trace = new ArrayDeque<>();
    private final List<ReadOutcome> reads = new ArrayList<>();
    /** Applied entries each leader snapshot covered: the data a real host would stream in chunks. */
    private final Map<SnapshotMeta, List<LogEntry>> snapshots = new java.util.HashMap<>();
    private int compactionThreshold;
    private int snapshotsInstalled;
    private long now;
    private long sequence;
    private int proposals;

    private Simulation(long seed, int size, int spares) {
        this.seed = seed;
        this.random = new Random(new java.util.SplittableRandom(seed).nextLong()); // scrambled: nearby seeds give unrelated runs
        List<NodeId> ids = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            ids.add(NodeId.of("n" + i));
        }
        this.configuration = new ClusterConfiguration(ids);
        for (int i = size + 1; i <= size + spares; i++) {
            NodeId spare = NodeId.of("n" + i);
            servers.put(spare, new SimServer(spare, this, ClusterConfiguration.EMPTY));
        }
        // Small batches and windows in some seeds: followers then acknowledge old-term entries
        // separately from the new leader's no-op, which is what exposes a Figure 8 commit bug.
        int[] batchSizes = {1, 2, 4, 64};
        int[] windows = {1, 4, 16};
        this.raftConfig = new RaftConfig(10, 2, batchSizes[random.nextInt(batchSizes.length)], 64 * 1024,
                windows[random.nextInt(windows.length)]);
        // Some seeds compact often (S-15): followers then catch up by snapshot after crashes and loss.
        int[] thresholds = {0, 0, 3, 8, 40};
        this.compactionThreshold = thresholds[random.nextInt(thresholds.length)];
        for (NodeId id : configuration.voters()) {
            servers.put(id, new SimServer(id, this, configuration));
        }
    }

    /** A cluster of {@code size} servers, all started, on a reliable network. */
    static Simulation create(long seed, int size) {
        return createWithSpares(seed, size, 0);
    }

    /**
     * {@code voters} servers bootstrapped as the cluster, plus {@code spares} started with no
     * configuration at all: they join only when a configuration change adds them.
     */
    static Simulation createWithSpares(long seed, int voters, int spares) {
        Simulation sim = new Simulation(seed, voters, spares);
        CURRENT.set(sim);
        sim.servers.values().forEach(SimServer::start);
        return sim;
    }

    static Optional<Simulation> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    // ---- running ----

    void schedule(long delayMs, Supplier<String> label, Runnable action) {
        queue.add(new Event(now + delayMs, sequence++, label, action));
    }

    void schedule(long delayMs, String label, Runnable action) {
        schedule(delayMs, () -> label, action);
    }

    void runFor(long ms) {
        long end = now + ms;
        while (!queue.isEmpty() && queue.peek().time() <= end) {
            step();
        }
        now = end;
    }

    /** Runs until the condition holds (checked between events) or {@code maxMs} pass; returns whether it held. */
    boolean runUntil(BooleanSupplier condition, long maxMs) {
        long end = now + maxMs;
        while (!condition.getAsBoolean()) {
            if (queue.isEmpty() || queue.peek().time() > end) {
                now = end;
                return false;
            }
            step();
        }
        return true;
    }

    private void step() {
        Event event = queue.poll();
        now = event.time();
        if (trace.size() == TRACE_LENGTH) {
            trace.removeFirst();
        }
        trace.addLast(now + "ms " + event.label().get());
        event.action().run();
        invariants.afterEvent(this);
    }

    // ---- faults ----

    void crash(NodeId id) {
        trace.addLast(now + "ms CRASH " + id);
        server(id).crash();
    }

    void restart(NodeId id) {
        trace.addLast(now + "ms RESTART " + id);
        SimServer server = server(id);
        invariants.onRestart(id, server.disk.applied().size(), server.disk.hardState().term());
        server.start();
    }

    /** Cuts {@code id} off from everyone, both directions. */
    void isolate(NodeId id) {
        for (NodeId other : servers.keySet()) {
            if (!other.equals(id)) {
                network.block(id, other);
                network.block(other, id);
            }
        }
    }

    /** Splits the cluster: servers talk only within their own group. */
    @SafeVarargs
    final void partition(Collection<NodeId>... groups) {
        network.healAll();
        for (Collection<NodeId> group : groups) {
            for (NodeId inside : group) {
                for (NodeId outside : servers.keySet()) {
                    if (!group.contains(outside)) {
                        network.block(inside, outside);
                    }
                }
            }
        }
    }

    void healNetwork() {
        network.healAll();
    }

    void networkFaults(NetworkFaults faults) {
        network.faults(faults);
    }

    /**
     * Heals everything, restarts crashed servers, and checks liveness and the final state: a single
     * leader emerges, a fresh proposal is applied everywhere, all state machines are equal and no
     * acknowledged write is lost.
     */
    void healAndCheckConvergence() {
        network.healAll();
        network.faults(NetworkFaults.RELIABLE);
        for (SimServer server : servers.values()) {
            if (!server.isUp()) {
                restart(server.id);
            }
        }
        String value = "final-" + seed;
        java.util.Set<String> proposedIn = new java.util.HashSet<>();
        boolean applied = runUntil(() -> {
            if (appliedEverywhere(value)) {
                return true;
            }
            // Propose until one leadership accepts it (a leader handing over refuses for a while);
            // again under a new leadership, since a leader that loses its term may lose the entry.
            leader().ifPresent(id -> {
                String leadership = id + "@" + server(id).node().term();
                if (!proposedIn.contains(leadership) && server(id).propose(value).isPresent()) {
                    proposedIn.add(leadership);
                }
            });
            return false;
        }, 60_000);
        if (!applied) {
            throw new InvariantViolation("liveness: after healing, '" + value + "' was not applied on every server within 60 s; "
                    + describe());
        }
        runUntil(this::allApplied, 10_000);
        invariants.checkFinal(this, members());
    }

    /** Every member is up and has applied everything the leader has committed. */
    private boolean allApplied() {
        long commit = leader().map(id -> server(id).node().commitIndex()).orElse(-1L);
        return members().stream().map(this::server)
                .allMatch(server -> server.isUp() && server.disk.applied().size() == commit);
    }

    /** The members of the current leader's configuration (all servers if there is no leader). */
    List<NodeId> members() {
        return leader().map(id -> server(id).node().configuration().members()).orElse(List.copyOf(servers.keySet()));
    }

    /** Asks the leader to move to {@code change.apply(its configuration)}; returns whether it was appended. */
    boolean changeConfiguration(java.util.function.UnaryOperator<ClusterConfiguration> change) {
        return leader().map(id -> server(id).changeConfiguration(change)).orElse(false);
    }

    private boolean appliedEverywhere(String value) {
        return members().stream().map(this::server).allMatch(server -> server.disk.applied().stream()
                .skip(Math.max(0, server.disk.applied().size() - 8)).anyMatch(entry -> value.equals(text(entry))));
    }

    // ---- clients ----

    /** Proposes {@code value} to the current leader, if there is one; returns the index it was appended at. */
    OptionalLong proposeToLeader(String value) {
        proposals++;
        return leader().map(id -> server(id).propose(value)).orElse(OptionalLong.empty());
    }

    OptionalLong propose(NodeId to, String value) {
        proposals++;
        return server(to).propose(value);
    }

    /** Asks {@code server} for a linearizable read; the outcome lands in {@link #reads()}. */
    long read(NodeId server) {
        long requestId = ++readRequests;
        committedWhenAsked.put(requestId, invariants.highestCommitted());
        if (server(server).isUp()) {
            server(server).readIndex(requestId);
        }
        return requestId;
    }

    void onRead(NodeId server, ReadOutcome outcome) {
        reads.add(outcome);
        Long committed = committedWhenAsked.remove(outcome.requestId());
        if (outcome.confirmed() && committed != null) {
            invariants.onReadConfirmed(server, outcome.readIndex().getAsLong(), committed);
        }
    }

    private long readRequests;
    private final Map<Long, Long> committedWhenAsked = new java.util.HashMap<>();

    List<ReadOutcome> reads() {
        return reads;
    }

    // ---- observations ----

    /** The up server that leads the highest term, if any. */
    Optional<NodeId> leader() {
        return servers.values().stream().filter(SimServer::isLeader)
                .max(Comparator.comparingLong(server -> server.node().term()))
                .map(server -> server.id);
    }

    List<NodeId> leaders() {
        return servers.values().stream().filter(SimServer::isLeader).map(server -> server.id).toList();
    }

    /** Every server of the simulation, members or not. */
    List<NodeId> ids() {
        return List.copyOf(servers.keySet());
    }

    Collection<SimServer> servers() {
        return servers.values();
    }

    SimServer server(NodeId id) {
        return servers.get(id);
    }

    String describe() {
        return servers.values().stream().map(server -> server.isUp()
                ? server.id + "[" + server.node().role() + " t" + server.node().term() + " snap " + server.node().snapshotIndex()
                  + " last " + server.node().lastIndex()
                  + " commit " + server.node().commitIndex() + " applied " + server.disk.applied().size()
                  + " voters " + server.node().configuration().voters() + " learners " + server.node().configuration().learners() + "]"
                : server.id + "[down]").collect(Collectors.joining(" "));
    }

    String recentEvents() {
        return String.join("\n  ", trace);
    }

    static String text(LogEntry entry) {
        return new String(entry.data(), StandardCharsets.UTF_8);
    }

    long now() {
        return now;
    }

    long seed() {
        return seed;
    }

    Random random() {
        return random;
    }

    int tickMs() {
        return tickMs;
    }

    /** One election timeout in virtual milliseconds (the minimum; the randomised one is up to twice this). */
    long electionTimeoutMs() {
        return (long) raftConfig.electionTimeoutTicks() * tickMs;
    }

    ClusterConfiguration configuration() {
        return configuration;
    }

    RaftConfig raftConfig() {
        return raftConfig;
    }

    SimNetwork network() {
        return network;
    }

    /** Log entries since the last snapshot after which a server compacts; 0 never. */
    int compactionThreshold() {
        return compactionThreshold;
    }

    void compactionThreshold(int entries) {
        compactionThreshold = entries;
    }

    void storeSnapshot(SnapshotMeta meta, List<LogEntry> applied) {
        if (applied.size() != meta.index()) {
            throw new InvariantViolation("snapshot " + meta + " taken of a state machine with " + applied.size() + " entries");
        }
        List<LogEntry> earlier = snapshots.putIfAbsent(meta, List.copyOf(applied));
        if (earlier != null && !earlier.equals(applied)) {
            throw new InvariantViolation("two snapshots at " + meta + " hold different state");
        }
    }

    /** A server's write that installs a leader's snapshot became durable (or reached the disk at a crash). */
    void onSnapshotInstalled() {
        snapshotsInstalled++;
    }

    int snapshotsInstalled() {
        return snapshotsInstalled;
    }

    List<LogEntry> snapshotData(SnapshotMeta meta) {
        List<LogEntry> data = snapshots.get(meta);
        if (data == null) {
            throw new IllegalStateException("no snapshot stored for " + meta);
        }
        return data;
    }

    Invariants invariants() {
        return invariants;
    }
}
