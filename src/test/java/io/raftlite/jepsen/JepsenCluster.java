package io.raftlite.jepsen;

import io.raftlite.e2e.NodeProcess;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Three real node processes (node1..node3 on free ports under a test's directory) and the faults a
 * nemesis puts on them: kill -9 and restart, SIGSTOP and SIGCONT, and network faults through each
 * node's {@code /admin/faults/network}. It remembers the network rules it set, so a node that was
 * down or paused when they changed gets them once it is back. Closing it kills every process.
 */
public final class JepsenCluster implements AutoCloseable {
    /** The nodes' default election timeout (10 ticks of 100 ms, randomised up to twice that). */
    public static final Duration ELECTION_TIMEOUT = Duration.ofSeconds(1);
    /** The node settings the harness needs: the fault endpoints and the Raft event log. */
    public static final String FAULT_HOOKS = "fault-control = true\n  raft.event-log = true";
    /** C1 only: three nodes, the clients and other builds share two cores (raft-testing.md §2.4). */
    private static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1");
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration LEADER_PATIENCE = Duration.ofSeconds(60);

    private final List<NodeProcess> nodes;
    private final List<String> ids;
    private final HttpClient admin = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    /** The network rules every node should hold. */
    private Map<String, List<LinkRules.Rule>> rules;
    /** The rules each node holds as far as we know (a restarted node holds none). */
    private final Map<String, List<LinkRules.Rule>> held;
    /** Nodes stopped on purpose (killed, crashed, given a failing fsync) and not started since. */
    private final Set<String> stoppedOnPurpose = new HashSet<>();
    private final List<String> unexpectedExits = new ArrayList<>();

    private JepsenCluster(List<NodeProcess> nodes) {
        this.nodes = List.copyOf(nodes);
        this.ids = nodes.stream().map(node -> node.nodeId).toList();
        this.rules = LinkRules.healed(ids);
        this.held = new java.util.HashMap<>(rules);
    }

    /** Starts node1..node3 with {@link #FAULT_HOOKS} and waits until each knows a leader. */
    public static JepsenCluster start(Path root) throws Exception {
        return start(root, FAULT_HOOKS);
    }

    /**
     * Starts node1..node3 with these HOCON lines inside raftlite { } (node1 creates the cluster, the
     * others join through seed nodes) and waits until each knows a leader; stops what it started if that fails.
     */
    public static JepsenCluster start(Path root, String settings) throws Exception {
        List<NodeProcess> started = new ArrayList<>();
        try {
            for (int i = 1; i <= 3; i++) {
                started.add(new NodeProcess(root, "node" + i).withSettings(settings).withJvmOptions(JVM_OPTIONS));
            }
            started.get(1).withSeeds(List.of(started.get(0).raftPort, started.get(2).raftPort));
            started.get(2).withSeeds(List.of(started.get(0).raftPort, started.get(1).raftPort));
            for (NodeProcess node : started) {
                node.start();
            }
            for (NodeProcess node : started) {
                node.awaitReady();
            }
            JepsenCluster cluster = new JepsenCluster(started);
            cluster.awaitVoters(started.size(), Duration.ofSeconds(60));
            return cluster;
        } catch (Exception | Error failure) {
            started.forEach(NodeProcess::close);
            throw failure;
        }
    }

    public List<String> nodeIds() {
        return ids;
    }

    public String baseUrl(String nodeId) {
        return "http://127.0.0.1:" + node(nodeId).httpPort;
    }

    public NodeProcess node(String nodeId) {
        return nodes.stream().filter(node -> node.nodeId.equals(nodeId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + nodeId + " in " + ids));
    }

    public Path logFile(String nodeId) {
        return node(nodeId).logFile();
    }

    public Path eventLog(String nodeId) {
        return node(nodeId).dataDir.resolve("raft-events.jsonl");
    }

    /** Running and not paused: it can answer. */
    public boolean isUp(String nodeId) {
        NodeProcess node = node(nodeId);
        return node.isAlive() && !node.isPaused();
    }

    /** kill -9. */
    public synchronized void kill(String nodeId) throws InterruptedException {
        stoppedOnPurpose.add(nodeId);
        node(nodeId).kill();
    }

    /**
     * Starts a node that was killed or exited again (same ports and data dir) and returns at once: a
     * restarted node takes a while to rejoin (see {@link #awaitAnswering}). It holds no network
     * rules until the next change reaches it; the cut links stay cut meanwhile, as their other ends keep their rules.
     */
    public synchronized void restart(String nodeId) throws IOException {
        node(nodeId).restart();
        stoppedOnPurpose.remove(nodeId);
        held.put(nodeId, List.of());
    }

    /**
     * Waits until the leader lists {@code count} voters: a node that joined is a learner until it
     * caught up, and a fault before that could leave a majority that cannot elect anyone.
     */
    private void awaitVoters(int count, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> leader = leader();
            try {
                if (leader.isPresent() && node(leader.get()).get("/nodes").body().split("\"voter\":true", -1).length - 1 == count) {
                    return;
                }
            } catch (IOException notNow) {
                // asked again below
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the cluster did not reach " + count + " voters within " + patience);
    }

    /** Waits until the node answers /status (after a restart), then gives it the network rules it lacks. */
    public void awaitAnswering(String nodeId, Duration patience) throws InterruptedException {
        NodeProcess node = node(nodeId);
        long deadline = System.nanoTime() + patience.toNanos();
        while (status(nodeId).isEmpty()) {
            if (!node.isAlive()) {
                throw new IllegalStateException(nodeId + " exited:\n" + tail(node.log()));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(nodeId + " did not answer HTTP within " + patience);
            }
            Thread.sleep(50);
        }
        synchronized (this) {
            pushRules(nodeId);
        }
    }

    /** kill -STOP. */
    public synchronized void pause(String nodeId) throws IOException, InterruptedException {
        node(nodeId).pause();
    }

    /** kill -CONT, then the network rules it missed. */
    public synchronized void resume(String nodeId) throws IOException, InterruptedException {
        node(nodeId).resume();
        pushRules(nodeId);
    }

    /** Cuts every link between nodes of different groups. */
    public void partition(List<Set<String>> groups) throws InterruptedException {
        setRules(LinkRules.partition(ids, groups));
    }

    /** Cuts {@code nodeId} off from every other node. */
    public void isolate(String nodeId) throws InterruptedException {
        Set<String> rest = new HashSet<>(ids);
        rest.remove(nodeId);
        partition(List.of(Set.of(nodeId), rest));
    }

    /** {@code bridge} sees everyone; the others are split into {@code half} and the rest, which do not see each other. */
    public void bridge(String bridge, Set<String> half) throws InterruptedException {
        setRules(LinkRules.bridge(ids, bridge, half));
    }

    /** Messages from {@code from} to {@code to} are lost; the other way they arrive. */
    public void oneWay(String from, String to) throws InterruptedException {
        setRules(LinkRules.oneWay(ids, from, to));
    }

    /** Every link loses, duplicates, delays and reorders messages ({@link LinkRules#lossy}). */
    public void lossyLinks() throws InterruptedException {
        setRules(LinkRules.lossy(ids));
    }

    /** Partitions the nodes at random into a minority and a majority; returns the two groups. */
    public List<Set<String>> randomHalves(Random random) throws InterruptedException {
        List<Set<String>> groups = splitInHalves(random);
        partition(groups);
        return groups;
    }

    /** A random minority and the majority of the other nodes (nothing is applied). */
    public List<Set<String>> splitInHalves(Random random) {
        List<String> shuffled = new ArrayList<>(ids);
        java.util.Collections.shuffle(shuffled, random);
        return List.of(Set.copyOf(shuffled.subList(0, ids.size() / 2)), Set.copyOf(shuffled.subList(ids.size() / 2, ids.size())));
    }

    /** Replaces every node's network rules (nodes that are down or paused get them when they are back). */
    public synchronized void setRules(Map<String, List<LinkRules.Rule>> wanted) throws InterruptedException {
        rules = Map.copyOf(wanted);
        for (String nodeId : ids) {
            pushRules(nodeId);
        }
    }

    /**
     * Resumes paused nodes, restarts the ones not running (without waiting for them), and removes
     * every network rule. Returns the nodes that had exited without being stopped on purpose (see {@link #unexpectedExits()}).
     */
    public synchronized List<String> heal() throws Exception {
        for (NodeProcess node : nodes) {
            if (node.isPaused()) {
                node.resume();
            }
        }
        rules = LinkRules.healed(ids);
        List<String> foundDead = new ArrayList<>();
        for (NodeProcess node : nodes) {
            if (!node.isAlive()) {
                if (!stoppedOnPurpose.contains(node.nodeId)) {
                    foundDead.add(node.nodeId);
                    unexpectedExits.add(node.nodeId + " exited by itself with status " + node.exitValue());
                }
                restart(node.nodeId);
            }
        }
        setRules(rules);
        List<String> stale = ids.stream().filter(nodeId -> !held.get(nodeId).equals(rules.get(nodeId))).toList();
        if (!stale.isEmpty()) {
            throw new IllegalStateException("could not remove the network rules of " + stale);
        }
        return foundDead;
    }

    /** Nodes that heal found exited although nothing stopped them (a crash of the node itself), with their exit status. */
    public synchronized List<String> unexpectedExits() {
        return List.copyOf(unexpectedExits);
    }

    /** Creates the workload's tables through the leader, as one transaction; fails unless every statement succeeded. */
    public void createTables(Workload workload) throws IOException, InterruptedException {
        String leader = awaitLeader(LEADER_PATIENCE);
        String body = Workload.statements(workload.schema().stream().map(sql -> List.<Object>of(sql)).toList());
        HttpResponse<String> answer = admin.send(HttpRequest.newBuilder(URI.create(baseUrl(leader) + "/db/execute?transaction"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Classifier.Classified outcome = Classifier.answered(true, true, answer.statusCode(), answer.body());
        if (outcome.type() != HistoryEvent.Type.OK) {
            throw new IllegalStateException("could not create the " + workload.name() + " tables through " + leader + ": "
                    + answer.statusCode() + " " + answer.body());
        }
    }

    /** {@code POST /admin/crash}: the node halts at once; with {@code powerLoss} it also loses what it had not fsynced. */
    public void crash(String nodeId, boolean powerLoss) throws IOException, InterruptedException {
        synchronized (this) {
            stoppedOnPurpose.add(nodeId);
        }
        HttpResponse<String> answer = adminRequest(nodeId, "/admin/crash", "POST", "{\"power_loss\":" + powerLoss + "}");
        if (answer.statusCode() != 202) {
            throw new IllegalStateException(nodeId + " refused to crash: " + answer.statusCode() + " " + answer.body());
        }
        if (!node(nodeId).awaitExit(Duration.ofSeconds(10))) {
            throw new IllegalStateException(nodeId + " still runs 10 s after POST /admin/crash");
        }
    }

    /** {@code POST /admin/faults/fsync}: the node's next {@code writes} durable Raft-log writes fail (and it exits). */
    public void failNextFsyncs(String nodeId, int writes) throws IOException, InterruptedException {
        synchronized (this) {
            stoppedOnPurpose.add(nodeId);
        }
        HttpResponse<String> answer = adminRequest(nodeId, "/admin/faults/fsync", "POST", "{\"fail_next\":" + writes + "}");
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(nodeId + " refused the fsync fault: " + answer.statusCode() + " " + answer.body());
        }
    }

    /** The node's /status, or empty if it is down, paused or does not answer within a second. */
    public Optional<NodeView> status(String nodeId) throws InterruptedException {
        if (!isUp(nodeId)) {
            return Optional.empty();
        }
        try {
            HttpResponse<String> answer = admin.send(HttpRequest.newBuilder(URI.create(baseUrl(nodeId) + "/status"))
                    .timeout(STATUS_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? Optional.of(NodeView.parse(answer.body())) : Optional.empty();
        } catch (IOException unreachable) {
            return Optional.empty();
        }
    }

    /** The node that says it leads in the highest term, if any does. */
    public Optional<String> leader() throws InterruptedException {
        List<NodeView> views = new ArrayList<>();
        for (String nodeId : ids) {
            status(nodeId).ifPresent(views::add);
        }
        return views.stream().filter(NodeView::isLeader).max(Comparator.comparingLong(NodeView::term)).map(NodeView::nodeId);
    }

    public String awaitLeader(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> leader = leader();
            if (leader.isPresent()) {
                return leader.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader among " + ids + " within " + patience);
    }

    /** Kills every node and waits until each process is gone. */
    @Override
    public void close() {
        for (NodeProcess node : nodes) {
            node.close();
        }
        for (NodeProcess node : nodes) {
            try {
                if (node.isAlive()) {
                    node.kill();
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True once no node process runs any more. */
    public boolean allStopped() {
        return nodes.stream().noneMatch(NodeProcess::isAlive);
    }

    private void pushRules(String nodeId) throws InterruptedException {
        List<LinkRules.Rule> wanted = rules.getOrDefault(nodeId, List.of());
        if (held.get(nodeId).equals(wanted) || !isUp(nodeId)) {
            return;
        }
        try {
            HttpResponse<String> answer = adminRequest(nodeId, "/admin/faults/network", "PUT", LinkRules.body(wanted));
            if (answer.statusCode() != 200) {
                throw new IllegalStateException(nodeId + " refused network rules: " + answer.statusCode() + " " + answer.body());
            }
            held.put(nodeId, wanted);
        } catch (IOException unreachable) {
            // it stays stale: a crashed node gets the rules when it is restarted
        }
    }

    private HttpResponse<String> adminRequest(String nodeId, String path, String method, String body)
            throws IOException, InterruptedException {
        return admin.send(HttpRequest.newBuilder(URI.create(baseUrl(nodeId) + path)).timeout(ADMIN_TIMEOUT)
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String tail(String log) {
        return log.length() <= 4000 ? log : log.substring(log.length() - 4000);
    }

    static void sleep(Duration duration) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
    }
}
