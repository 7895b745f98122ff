package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Jepsen-style tests that run in CI (raft-testing.md §2.4, J-01..J-05, each followed by the
 * J-AUDIT of {@link JepsenRun}): writes and linearizable/strong reads must be linearizable, no
 * acknowledged write may be lost; weak reads' staleness is counted and reported. A failing run
 * prints its seed; {@code -Djepsen.seed=N} replays its fault schedule.
 */
class JepsenTest {
    /** How far from a leader change a stale weak read may be: rqlite documents "under about a second". */
    static final long WEAK_WINDOW_MILLIS = 10_000;
    static final Set<String> HARD_LEVELS = Set.of("linearizable", "strong");
    private static final Duration RUN = Duration.ofSeconds(Long.getLong("jepsen.seconds", 40));

    @TempDir
    Path root;

    /** J-01: no faults; reads at every level. */
    @Test
    void j01SmokeRegister() throws Exception {
        JepsenRun.run(root, new JepsenRun.Spec("J-01-SmokeRegister", register(), Set.of(), false, Duration.ofSeconds(15)),
                JepsenTest::registerIsLinearizable);
    }

    /** J-02: kill -9 of the leader, one node, a minority, all, restarted after 1-5 s. */
    @Test
    void j02RegisterKill() throws Exception {
        JepsenRun.run(root, new JepsenRun.Spec("J-02-RegisterKill", register(), NemesisRunner.KILLS, false, RUN),
                JepsenTest::registerIsLinearizable);
    }

    /** J-03: SIGSTOP/SIGCONT of the leader or one node, long and in short bursts: the paused-leader trap. */
    @Test
    void j03RegisterPause() throws Exception {
        JepsenRun.run(root, new JepsenRun.Spec("J-03-RegisterPause", register(), NemesisRunner.PAUSES, false, RUN),
                JepsenTest::registerIsLinearizable);
    }

    /**
     * J-04: partitions through the links' blackholes (isolate one, isolate the leader, random
     * halves, bridge, one-way) and lossy links (loss, duplication, delay). Also: a node cut off in a minority acknowledges no write and serves
     * no linearizable read, and the cluster makes progress once healed.
     */
    @Test
    void j04RegisterPartition() throws Exception {
        // Shorter periods, so that a CI-length run meets each of the six network faults.
        JepsenRun.Spec spec = new JepsenRun.Spec("J-04-RegisterPartition", register(), NemesisRunner.PARTITIONS, false,
                new NemesisRunner.Schedule(Duration.ofSeconds(3), Duration.ofSeconds(4)), RUN.plusSeconds(5), "");
        JepsenRun.run(root, spec, outcome -> {
            String figures = registerIsLinearizable(outcome);
            assertEquals(List.of(), Minorities.acknowledgedInMinority(outcome.history(), HARD_LEVELS),
                    "a node in a minority acknowledged a write or served a linearizable read");
            assertTrue(Minorities.okWritesAfterFirstHeal(outcome.history()) > 0, "no write succeeded after a partition healed");
            return figures;
        });
    }

    /** J-05: list-append under kills, partitions and pauses, a network and a process fault at a time. */
    @Test
    void j05AppendListKillPartitionPause() throws Exception {
        Set<NemesisRunner.Fault> faults = EnumSet.noneOf(NemesisRunner.Fault.class);
        faults.addAll(NemesisRunner.KILLS);
        faults.addAll(NemesisRunner.PARTITIONS);
        faults.addAll(NemesisRunner.PAUSES);
        JepsenRun.run(root, new JepsenRun.Spec("J-05-AppendListKillPartitionPause",
                new ListAppendWorkload(List.copyOf(HARD_LEVELS)), faults, true, RUN), outcome -> {
            ListAppendChecker.Result result = ListAppendChecker.check(outcome.history(), finalLists(outcome));
            assertTrue(result.valid(), result.summary());
            return result.summary();
        });
    }

    static RegisterWorkload register() {
        return new RegisterWorkload(List.of("none", "weak", "linearizable", "strong"));
    }

    /** WGL per key on writes, CAS and linearizable/strong reads; none reads only read committed values; weak staleness is reported. */
    static String registerIsLinearizable(JepsenRun.Outcome outcome) {
        RegisterChecker.Result result = RegisterChecker.check(outcome.history(), HARD_LEVELS, outcome.leaderChangeNanos(), 30_000);
        assertEquals(Linearizability.Verdict.LINEARIZABLE, result.verdict(), result.summary());
        assertEquals(List.of(), result.uncommittedReads(), "reads of values no acknowledged or pending write wrote");
        List<Long> farFromLeaderChange = result.staleReadMillisSinceLeaderChange().stream()
                .filter(millis -> millis > WEAK_WINDOW_MILLIS).toList();
        assertEquals(List.of(), farFromLeaderChange, "stale weak reads long after any leader change (ms): " + result.summary());
        return result.summary().lines().findFirst().orElse("");
    }

    /** Each list's final value, as read at strong from the first node after healing. */
    static Map<String, List<Long>> finalLists(JepsenRun.Outcome outcome) {
        Map<String, List<Long>> lists = new HashMap<>();
        for (HistoryEvent read : outcome.end().finalReads().values().iterator().next()) {
            List<Long> values = new ArrayList<>();
            for (Object value : (List<?>) read.value()) {
                values.add(((Number) value).longValue());
            }
            lists.put(read.key(), values);
        }
        return lists;
    }
}
