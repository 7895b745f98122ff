package io.raftlite.jepsen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One Jepsen-style run (raft-testing.md §2.4): three node processes with fault control and the
 * event log, clients recording a history while a nemesis breaks things, then heal, final strong
 * reads from every node and the checks every run shares: a well-formed history, converged and
 * identical replicas, no node that crashed by itself, and the white-box audit of the merged event
 * logs (J-AUDIT). The workload's own checker runs in {@code check}. On failure the history, node
 * logs and event logs are kept under target/jepsen/.
 */
final class JepsenRun {
    /** A run's set-up: what the clients do, which faults, for how long, with which node settings. */
    record Spec(String name, Workload workload, Set<NemesisRunner.Fault> faults, boolean combine,
                NemesisRunner.Schedule schedule, Duration length, String extraSettings) {
        Spec(String name, Workload workload, Set<NemesisRunner.Fault> faults, boolean combine, Duration length) {
            this(name, workload, faults, combine, NemesisRunner.Schedule.defaults(), length, "");
        }
    }

    /** What a run left for the workload's checker. */
    record Outcome(List<HistoryEvent> history, FinalPhase.Result end, EventLogAudit.Result audit, List<Long> leaderChangeNanos,
                   List<Path> nodeLogs) {
        long count(HistoryEvent.Type type) {
            return history.stream().filter(event -> !event.isNemesis() && event.type() == type).count();
        }

        long faults() {
            return history.stream().filter(event -> event.isNemesis() && !Set.of("heal", "resume", "restart", "partition-applied").contains(event.f())).count();
        }

        /** The completion of the first node's final read of {@code key} (null key: the workload's single read). */
        Object finalValue(String key) {
            return end.finalReads().values().iterator().next().stream()
                    .filter(read -> java.util.Objects.equals(read.key(), key)).findFirst().map(HistoryEvent::value).orElse(null);
        }
    }

    interface Check {
        /** Asserts what the workload promises; returns a line of figures for the report. */
        String verify(Outcome outcome) throws Exception;
    }

    private JepsenRun() {
    }

    static void run(Path root, Spec spec, Check check) throws Exception {
        long seed = NemesisRunner.seed();
        String settings = JepsenCluster.FAULT_HOOKS + (spec.extraSettings().isEmpty() ? "" : "\n  " + spec.extraSettings());
        long started = System.nanoTime();
        JepsenCluster cluster = JepsenCluster.start(root, settings);
        try (cluster; HistoryRecorder history = new HistoryRecorder(root.resolve("history.jsonl"))) {
            JepsenArtifacts.keepOnFailure(spec.name(), history, cluster, () -> {
                cluster.createTables(spec.workload());
                try (ClientPool clients = new ClientPool(cluster, history, spec.workload(), ClientPool.Options.defaults(), seed)) {
                    clients.start();
                    new NemesisRunner(cluster, history, spec.faults(), spec.combine(), spec.schedule(), seed).run(spec.length());
                    clients.stop();
                }
                FinalPhase.Result end = FinalPhase.run(cluster, history, spec.workload(), Duration.ofSeconds(90));
                List<HistoryEvent> events = history.events();
                assertEquals(List.of(), HistoryShape.problems(events), "the history breaks the harness's promises");
                assertEquals(List.of(), events.stream().filter(event -> event.isNemesis() && event.f().equals("found-exited")).toList(),
                        "a node exited by itself (a crash no nemesis caused): see its log");
                assertEquals(List.of(), end.failedReads(), "final strong reads from every node after healing");
                assertTrue(end.replicasIdentical(), "replicas differ after healing: " + end.dumps());
                EventLogAudit.Result audit = EventLogAudit.audit(
                        cluster.nodeIds().stream().map(cluster::eventLog).toList(), false);
                assertTrue(audit.valid(), audit.report());
                List<Long> leaderChanges = audit.summary().leaderChangesMs().stream().map(history::historyTimeOf).sorted().toList();
                Outcome outcome = new Outcome(events, end, audit, leaderChanges, cluster.nodeIds().stream().map(cluster::logFile).toList());
                String figures = check.verify(outcome);
                report(spec, outcome, figures, seed, Duration.ofNanos(System.nanoTime() - started));
            });
        }
        assertTrue(cluster.allStopped(), "every node process stopped");
    }

    /** Prints the run's figures and appends them to target/jepsen/summary.tsv (for the README). */
    private static void report(Spec spec, Outcome outcome, String figures, long seed, Duration took) throws IOException {
        String line = String.join("\t", spec.name(), spec.workload().name(), String.valueOf(spec.faults()),
                took.toSeconds() + " s", outcome.count(HistoryEvent.Type.OK) + " ok", outcome.count(HistoryEvent.Type.FAIL) + " fail",
                outcome.count(HistoryEvent.Type.INFO) + " info", outcome.faults() + " faults",
                outcome.audit().summary().leadersByTerm().size() + " leaders", figures, "seed " + seed);
        System.out.println("jepsen " + line.replace('\t', ' '));
        Path summary = Path.of("target", "jepsen", "summary.tsv");
        Files.createDirectories(summary.getParent());
        Files.writeString(summary, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
