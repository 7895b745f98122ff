package io.raftlite.raft.sim;

import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.Optional;
import java.util.stream.Stream;

import static io.raftlite.raft.sim.ElectionSimulationTest.awaitLeader;
import static io.raftlite.raft.sim.ReplicationSimulationTest.appliedOnAll;
import static io.raftlite.raft.sim.ReplicationSimulationTest.other;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S-21: leadership transfer (dissertation §3.10) to up-to-date and lagging voters, with no lost write. */
class LeadershipTransferSimulationTest {
    private static final String CLASS = "LeadershipTransferSimulationTest";

    @TestFactory
    Stream<DynamicTest> transferToAnUpToDateFollower() {
        return Seeds.tests(CLASS, "transferToAnUpToDateFollower", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId leader = awaitLeader(sim);
            long index = sim.propose(leader, "before").orElseThrow();
            assertTrue(sim.runUntil(() -> appliedOnAll(sim, index), sim.electionTimeoutMs()));
            NodeId target = other(sim, leader);
            long term = sim.server(leader).node().term();

            assertTrue(sim.server(leader).transferLeadership(Optional.of(target)));
            assertFalse(sim.server(leader).propose("during").isPresent(), "proposals wait while leadership is handed over");

            assertTrue(sim.runUntil(() -> sim.server(target).isLeader(), sim.electionTimeoutMs()),
                    "the target did not take over within one election timeout: " + sim.describe());
            assertEquals(term + 1, sim.server(target).node().term(), "one election, no churn");
            sim.healAndCheckConvergence();
        });
    }

    @TestFactory
    Stream<DynamicTest> transferToALaggingFollowerCatchesItUpFirst() {
        return Seeds.tests(CLASS, "transferToALaggingFollowerCatchesItUpFirst", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId leader = awaitLeader(sim);
            NodeId target = other(sim, leader);
            sim.isolate(target);
            for (int i = 0; i < 20; i++) {
                sim.propose(leader, "while-away-" + i);
            }
            sim.runFor(200);
            sim.healNetwork();

            assertTrue(sim.server(leader).transferLeadership(Optional.of(target)));

            assertTrue(sim.runUntil(() -> sim.server(target).isLeader(), 2 * sim.electionTimeoutMs()),
                    "the lagging target did not take over: " + sim.describe());
            sim.healAndCheckConvergence();
        });
    }
}
