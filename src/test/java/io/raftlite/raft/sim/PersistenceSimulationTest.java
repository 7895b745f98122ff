package io.raftlite.raft.sim;

import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.raftlite.raft.sim.ElectionSimulationTest.awaitLeader;
import static io.raftlite.raft.sim.ReplicationSimulationTest.appliedOnAll;
import static io.raftlite.raft.sim.ReplicationSimulationTest.other;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Crashes, restarts and Figure 8: S-11, S-12, S-13 (from the 6.5840 persistence tests). */
class PersistenceSimulationTest {
    private static final String CLASS = "PersistenceSimulationTest";

    /**
     * S-11: after crashing all servers, the leader, or the leader and a follower while partitioned,
     * restarted servers keep term, vote and log, and committed data survives.
     */
    @TestFactory
    Stream<DynamicTest> crashAndRestart() {
        return Seeds.tests(CLASS, "crashAndRestart", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            awaitLeader(sim);
            long index = sim.proposeToLeader("before-crash").orElseThrow();
            assertTrue(sim.runUntil(() -> appliedOnAll(sim, index), sim.electionTimeoutMs()));

            sim.ids().forEach(sim::crash);                  // Persist1: everyone
            sim.ids().forEach(sim::restart);
            NodeId leader = awaitLeader(sim);
            sim.crash(leader);                               // Persist2: the leader
            awaitLeader(sim);
            sim.restart(leader);
            NodeId next = awaitLeader(sim);
            NodeId follower = other(sim, next);
            sim.isolate(follower);                           // Persist3: leader + follower while partitioned
            sim.proposeToLeader("partitioned");
            sim.runFor(sim.electionTimeoutMs() / 2);
            sim.crash(next);
            sim.crash(follower);
            sim.healNetwork();
            sim.restart(next);
            sim.restart(follower);
            long after = sim.runUntil(() -> sim.leader().isPresent(), 4 * sim.electionTimeoutMs())
                    ? sim.proposeToLeader("after-restarts").orElse(0) : 0;
            assertTrue(after > index, "no leader took a proposal after the restarts: " + sim.describe());
            sim.healAndCheckConvergence();
        });
    }

    /**
     * S-12 (Figure 8): five servers; propose, wait a random short or long time, crash the leader,
     * restart servers when fewer than three are up. A leader that committed an earlier term's entry
     * by counting replicas would let a later leader overwrite it, which the invariants catch.
     */
    @TestFactory
    Stream<DynamicTest> figure8() {
        return Seeds.tests(CLASS, "figure8", 5, seed -> {
            Simulation sim = Simulation.create(seed, 5);
            churnLeaders(sim, new Random(seed), 300, false);
            sim.healAndCheckConvergence();
        });
    }

    /** S-13: Figure 8 with cut links instead of crashes on a lossy network, long reordering switched on halfway. */
    @TestFactory
    Stream<DynamicTest> figure8Unreliable() {
        return Seeds.tests(CLASS, "figure8Unreliable", 5, seed -> {
            Simulation sim = Simulation.create(seed, 5);
            sim.networkFaults(NetworkFaults.UNRELIABLE);
            churnLeaders(sim, new Random(seed), 300, true);
            sim.healAndCheckConvergence();
        });
    }

    /** S-13: on a lossy network, rounds of four concurrent proposals all commit. */
    @TestFactory
    Stream<DynamicTest> unreliableAgreement() {
        return Seeds.tests(CLASS, "unreliableAgreement", 10, seed -> {
            Simulation sim = Simulation.create(seed, 5);
            sim.networkFaults(NetworkFaults.UNRELIABLE);
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < 4; i++) {
                    sim.proposeToLeader("r" + round + "-" + i);
                }
                sim.runFor(50);
            }
            sim.healAndCheckConvergence();
            assertTrue(sim.invariants().acknowledgedCount() > 0, "nothing was acknowledged on a lossy network");
        });
    }

    private static void churnLeaders(Simulation sim, Random random, int iterations, boolean disconnectInstead) {
        List<NodeId> down = new ArrayList<>();
        for (int i = 0; i < iterations; i++) {
            if (disconnectInstead && i == iterations / 2) {
                sim.networkFaults(NetworkFaults.UNRELIABLE_REORDERING);
            }
            for (NodeId id : sim.ids()) {
                if (sim.server(id).isUp()) {
                    sim.propose(id, "f" + i + "-" + id);
                }
            }
            sim.runFor(random.nextInt(10) == 0 ? random.nextInt((int) sim.electionTimeoutMs() / 2) : random.nextInt(13));
            var leader = sim.leader();
            if (leader.isPresent() && !down.contains(leader.get())) {
                if (disconnectInstead) {
                    sim.isolate(leader.get());
                } else {
                    sim.crash(leader.get());
                }
                down.add(leader.get());
            }
            if (sim.ids().size() - down.size() < 3) {
                NodeId back = down.remove(random.nextInt(down.size()));
                if (disconnectInstead) {
                    reconnect(sim, back, down);
                } else {
                    sim.restart(back);
                }
            }
        }
    }

    /** Reconnects one server while the others in {@code stillDown} stay cut off. */
    private static void reconnect(Simulation sim, NodeId back, List<NodeId> stillDown) {
        sim.healNetwork();
        stillDown.forEach(sim::isolate);
    }
}
