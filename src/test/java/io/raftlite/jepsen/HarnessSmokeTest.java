package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.raftlite.jepsen.HistoryEvent.Type.INFO;
import static io.raftlite.jepsen.HistoryEvent.Type.INVOKE;
import static io.raftlite.jepsen.HistoryEvent.Type.OK;
import static io.raftlite.jepsen.NemesisRunner.Fault.KILL_LEADER;
import static io.raftlite.jepsen.NemesisRunner.Fault.PAUSE_BURSTS;
import static io.raftlite.jepsen.NemesisRunner.Fault.PAUSE_LEADER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness itself, end to end: a short register run against three node processes while the
 * leader is killed and paused. Asserts what the harness promises (a well-formed history, retired
 * processes, recorded nemesis actions, stopped clients and processes, converged replicas), not
 * whether the node is linearizable: that is for the checkers.
 */
class HarnessSmokeTest {
    @TempDir
    Path root;

    @Test
    void aRegisterRunUnderKillsAndPausesLeavesAWellFormedHistoryAndEqualReplicas() throws Exception {
        long seed = NemesisRunner.seed();
        JepsenCluster cluster = JepsenCluster.start(root);
        try (cluster; HistoryRecorder history = new HistoryRecorder(root.resolve("history.jsonl"))) {
            RegisterWorkload workload = new RegisterWorkload(List.of("weak", "linearizable", "strong"));
            ClientPool clients = new ClientPool(cluster, history, workload, ClientPool.Options.defaults(), seed);
            JepsenArtifacts.keepOnFailure("HarnessSmokeTest", history, cluster, () -> {
                cluster.createTables(workload);
                try (clients) {
                    clients.start();
                    // the kill first: a restarted node takes the longest to serve again
                    new NemesisRunner(cluster, history, EnumSet.of(KILL_LEADER), false, schedule(3), seed).run(Duration.ofSeconds(4));
                    new NemesisRunner(cluster, history, EnumSet.of(PAUSE_LEADER, PAUSE_BURSTS), false, schedule(4), seed)
                            .run(Duration.ofSeconds(10));
                    clients.stop();
                }
                FinalPhase.Result end = FinalPhase.run(cluster, history, workload, Duration.ofSeconds(60));

                List<HistoryEvent> events = history.events();
                System.out.println("HarnessSmokeTest: " + summary(events));
                assertEquals(List.of(), HistoryShape.problems(events), "the history breaks the harness's promises");
                assertEquals(List.of(), HistoryShape.open(events), "every invocation completed");
                assertTrue(count(events, "write", OK) > 0 && count(events, "read", OK) > 0, "ok writes and reads");
                assertEquals(events.stream().filter(event -> !event.isNemesis() && event.type() == INFO).count(),
                        clients.retiredProcesses(), "each info retired its process");
                assertTrue(events.stream().filter(HistoryEvent::isNemesis).map(HistoryEvent::f).collect(Collectors.toSet())
                        .containsAll(Set.of("kill", "restart", "pause", "resume", "heal")), "nemesis actions recorded");
                assertTrue(clients.allStopped(), "client threads stopped");
                assertEquals(List.of(), cluster.unexpectedExits(), "no node exited by itself");
                assertEquals(List.of(), end.failedReads(), "final strong reads from every node");
                assertTrue(end.replicasIdentical(), "replicas differ: " + end.dumps());
            });
        }
        assertTrue(cluster.allStopped(), "every node process stopped");
    }

    private static NemesisRunner.Schedule schedule(int faultSeconds) {
        return new NemesisRunner.Schedule(Duration.ofSeconds(1), Duration.ofSeconds(faultSeconds));
    }

    private static long count(List<HistoryEvent> events, String f, HistoryEvent.Type type) {
        return events.stream().filter(event -> event.f().equals(f) && event.type() == type).count();
    }

    /** Completions by function and outcome, e.g. {@code read:OK=120}. */
    private static String summary(List<HistoryEvent> events) {
        return events.stream().filter(event -> !event.isNemesis() && event.type() != INVOKE)
                .collect(Collectors.groupingBy(event -> event.f() + ":" + event.type(), TreeMap::new, Collectors.counting())).toString();
    }
}
