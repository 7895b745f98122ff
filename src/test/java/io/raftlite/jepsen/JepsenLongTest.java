package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * J-06..J-10 (raft-testing.md §2.4), too long for every CI run:
 * {@code bin/raftlite-test -Dtest='JepsenLongTest' -Djepsen.long=true}. Each run ends with the
 * checks and the J-AUDIT of {@link JepsenRun}.
 */
@EnabledIfSystemProperty(named = "jepsen.long", matches = "true")
class JepsenLongTest {
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("jepsen.seconds", 60));
    /** Nodes compact every few dozen entries, so crashes and catch-ups meet snapshots. */
    private static final String COMPACT_OFTEN = "raft.snapshot-threshold = 30\n  raft.snapshot-trailing-entries = 5";

    @TempDir
    Path root;

    /** J-06: unique inserts under kills and partitions: nothing acknowledged lost, nothing unexpected. */
    @Test
    void j06SetKillPartition() throws Exception {
        JepsenRun.run(root, new JepsenRun.Spec("J-06-SetKillPartition", new SetWorkload(List.of("strong")),
                union(NemesisRunner.KILLS, NemesisRunner.PARTITIONS), true, RUN), outcome -> {
            List<Long> finalRead = new ArrayList<>();
            for (Object value : (List<?>) outcome.finalValue(SetWorkload.KEY)) {
                finalRead.add(((Number) value).longValue());
            }
            SetChecker.Result result = SetChecker.check(outcome.history(), finalRead);
            assertTrue(result.valid(), result.summary());
            return result.summary();
        });
    }

    /** J-07: transfers in one transaction with CHECK(balance >= 0): every read sums to the total, none negative. */
    @Test
    void j07BankPartitionKill() throws Exception {
        BankWorkload bank = new BankWorkload(List.of("weak", "linearizable", "strong"));
        JepsenRun.run(root, new JepsenRun.Spec("J-07-BankPartitionKill", bank,
                union(NemesisRunner.KILLS, NemesisRunner.PARTITIONS), true, RUN), outcome -> {
            BankChecker.Result result = BankChecker.check(outcome.history(), bank.accountIds(), bank.total());
            assertTrue(result.valid(), result.summary());
            assertTrue(result.readsChecked() > 0, "no read was checked");
            return result.summary();
        });
    }

    /** J-08: every node kill -9'd together under load, then restarted: committed data intact, a leader again. */
    @Test
    void j08FullClusterRestart() throws Exception {
        JepsenRun.run(root, new JepsenRun.Spec("J-08-FullClusterRestart", JepsenTest.register(),
                EnumSet.of(NemesisRunner.Fault.KILL_ALL), false, NemesisRunner.Schedule.defaults(), RUN, COMPACT_OFTEN),
                JepsenTest::registerIsLinearizable);
    }

    /** J-10: power cuts (unsynced database writes lost, then a halt) while nodes compact: no acknowledged write lost. */
    @Test
    void j10PowerLoss() throws Exception {
        JepsenRun.run(root, new JepsenRun.Spec("J-10-PowerLoss", JepsenTest.register(),
                EnumSet.of(NemesisRunner.Fault.POWER_LOSS_ONE), false, NemesisRunner.Schedule.defaults(), RUN, COMPACT_OFTEN), outcome -> {
            String figures = JepsenTest.registerIsLinearizable(outcome);
            long discarded = 0;
            java.util.regex.Pattern cut = java.util.regex.Pattern.compile("power cut; (\\d+) unsynced WAL frames");
            for (Path log : outcome.nodeLogs()) {
                java.util.regex.Matcher matcher = cut.matcher(Files.readString(log));
                while (matcher.find()) {
                    discarded += Long.parseLong(matcher.group(1));
                }
            }
            assertTrue(discarded > 0, "the power cuts discarded no unsynced write: nothing was put at risk");
            return figures + "; " + discarded + " unsynced WAL frames discarded by the cuts";
        });
    }

    /**
     * J-09: a node is down while far more than the snapshot threshold is written, about 2 MB in all;
     * back up, it catches up by an InstallSnapshot larger than Artery's 256 KiB frame (sent in
     * chunks), while clients keep writing registers.
     */
    @Test
    void j09SnapshotCatchUp() throws Exception {
        long seed = NemesisRunner.seed();
        JepsenCluster cluster = JepsenCluster.start(root, JepsenCluster.FAULT_HOOKS + "\n  " + COMPACT_OFTEN);
        RegisterWorkload workload = JepsenTest.register();
        try (cluster; HistoryRecorder history = new HistoryRecorder(root.resolve("history.jsonl"))) {
            JepsenArtifacts.keepOnFailure("J-09-SnapshotCatchUp", history, cluster, () -> {
                cluster.createTables(workload);
                String leader = cluster.awaitLeader(Duration.ofSeconds(30));
                String away = cluster.nodeIds().stream().filter(node -> !node.equals(leader)).findFirst().orElseThrow();
                try (ClientPool clients = new ClientPool(cluster, history, workload, ClientPool.Options.defaults(), seed)) {
                    clients.start();
                    history.nemesis("kill", away, null);
                    cluster.kill(away);
                    writeBlobs(cluster, 100, 20_000);
                    cluster.restart(away);
                    history.nemesis("restart", away, null);
                    cluster.awaitAnswering(away, Duration.ofSeconds(60));
                    Thread.sleep(5_000); // clients go on while it catches up
                    clients.stop();
                }
                FinalPhase.Result end = FinalPhase.run(cluster, history, workload, Duration.ofSeconds(90));
                assertTrue(end.replicasIdentical(), "replicas differ: " + end.dumps());
                assertEquals(List.of(), end.failedReads());
                String log = Files.readString(cluster.logFile(away));
                assertTrue(log.contains("installs snapshot"), "the node that was away did not catch up by snapshot");
                EventLogAudit.Result audit = EventLogAudit.audit(cluster.nodeIds().stream().map(cluster::eventLog).toList(), false);
                assertTrue(audit.valid(), audit.report());
                System.out.println("jepsen J-09-SnapshotCatchUp " + JepsenTest.registerIsLinearizable(
                        new JepsenRun.Outcome(history.events(), end, audit, List.of(), List.of())) + ", seed " + seed);
                assertTrue(Files.readString(cluster.eventLog(away)).contains("snapshot-installed"));
            });
        }
    }

    /** {@code count} rows of {@code bytes} random bytes each, through the leader, one request each. */
    private static void writeBlobs(JepsenCluster cluster, int count, int bytes) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < count; i++) {
            String leader = cluster.awaitLeader(Duration.ofSeconds(30));
            String body = i == 0 ? "[\"CREATE TABLE IF NOT EXISTS blobs (id INTEGER PRIMARY KEY, b BLOB)\"]"
                    : "[\"INSERT INTO blobs(b) VALUES(randomblob(" + bytes + "))\"]";
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.baseUrl(leader) + "/db/execute"))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        }
    }

    @SafeVarargs
    private static Set<NemesisRunner.Fault> union(Set<NemesisRunner.Fault>... sets) {
        Set<NemesisRunner.Fault> all = EnumSet.noneOf(NemesisRunner.Fault.class);
        for (Set<NemesisRunner.Fault> set : sets) {
            all.addAll(set);
        }
        return all;
    }
}
