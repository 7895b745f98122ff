package io.raftlite.raft.sim;

import io.raftlite.raft.message.LogEntry;
import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static io.raftlite.raft.sim.ElectionSimulationTest.awaitLeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Log replication: S-04, S-06, S-07, S-08, S-09 (from the 6.5840 log tests). */
class ReplicationSimulationTest {
    private static final String CLASS = "ReplicationSimulationTest";

    /** S-04: nothing is applied before a proposal; proposals are applied at consecutive indexes everywhere. */
    @TestFactory
    Stream<DynamicTest> basicAgreement() {
        return Seeds.tests(CLASS, "basicAgreement", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId leader = awaitLeader(sim);
            sim.runFor(sim.electionTimeoutMs());
            for (SimServer server : sim.servers()) {
                assertTrue(server.disk.applied().stream().noneMatch(entry -> entry.data().length > 0),
                        server.id + " applied a command nobody proposed");
            }
            long previous = 0;
            for (int i = 0; i < 5; i++) {
                long index = sim.propose(leader, "v" + i).orElseThrow();
                if (previous > 0) {
                    assertEquals(previous + 1, index, "proposals must take consecutive indexes");
                }
                previous = index;
                long wanted = index;
                assertTrue(sim.runUntil(() -> appliedOnAll(sim, wanted), sim.electionTimeoutMs()),
                        "v" + i + " not applied on every server: " + sim.describe());
                for (SimServer server : sim.servers()) {
                    assertEquals("v" + i, Simulation.text(server.disk.applied().get((int) index - 1)));
                }
            }
        });
    }

    /**
     * S-06: a bare majority commits; a leader without a majority commits nothing for two timeouts;
     * after healing, its uncommitted entry may be replaced but no committed one is.
     */
    @TestFactory
    Stream<DynamicTest> failures() {
        return Seeds.tests(CLASS, "failures", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId leader = awaitLeader(sim);
            NodeId follower = other(sim, leader);
            sim.isolate(follower);
            long index = sim.propose(leader, "with-majority").orElseThrow();
            assertTrue(sim.runUntil(() -> sim.server(leader).disk.applied().size() >= index, sim.electionTimeoutMs()),
                    "a leader with one follower did not commit");

            sim.healNetwork();
            sim.runFor(sim.electionTimeoutMs());
            NodeId current = sim.leader().orElseThrow();
            for (NodeId id : sim.ids()) {
                if (!id.equals(current)) {
                    sim.isolate(id);
                }
            }
            long committedBefore = sim.server(current).node().commitIndex();
            OptionalLong lonely = sim.propose(current, "without-majority");
            sim.runFor(2 * sim.electionTimeoutMs());
            assertEquals(committedBefore, sim.server(current).node().commitIndex(),
                    "a leader without a majority committed something");
            assertFalse(sim.server(current).isLeader(), "check-quorum: a leader without a majority stays leader");
            assertTrue(lonely.isPresent());
            sim.healAndCheckConvergence();
        });
    }

    /** S-07: a disconnected follower catches up after reconnecting; then everyone commits. */
    @TestFactory
    Stream<DynamicTest> followerCatchesUp() {
        return Seeds.tests(CLASS, "followerCatchesUp", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId leader = awaitLeader(sim);
            NodeId follower = other(sim, leader);
            sim.isolate(follower);
            for (int i = 0; i < 30; i++) {
                sim.propose(leader, "while-away-" + i);
                sim.runFor(20);
            }
            sim.healNetwork();
            long index = sim.proposeToLeader("after").orElseThrow();
            assertTrue(sim.runUntil(() -> appliedOnAll(sim, index), 3 * sim.electionTimeoutMs()),
                    "the reconnected follower did not catch up: " + sim.describe());
            sim.healAndCheckConvergence();
        });
    }

    /** S-08: proposals made together in one term are all committed, each exactly once. */
    @TestFactory
    Stream<DynamicTest> concurrentProposals() {
        return Seeds.tests(CLASS, "concurrentProposals", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId leader = awaitLeader(sim);
            List<Long> indexes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                indexes.add(sim.propose(leader, "c" + i).orElseThrow());
            }
            long last = indexes.get(4);
            assertTrue(sim.runUntil(() -> appliedOnAll(sim, last), sim.electionTimeoutMs()), sim.describe());
            List<String> values = sim.server(leader).disk.applied().stream().map(Simulation::text)
                    .filter(text -> text.startsWith("c")).toList();
            assertEquals(List.of("c0", "c1", "c2", "c3", "c4"), values);
        });
    }

    /** S-09: a cut-off leader's uncommitted suffix is replaced when it rejoins; logs converge. */
    @TestFactory
    Stream<DynamicTest> rejoinPartitionedLeader() {
        return Seeds.tests(CLASS, "rejoinPartitionedLeader", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId oldLeader = awaitLeader(sim);
            sim.isolate(oldLeader);
            for (int i = 0; i < 3; i++) {
                sim.propose(oldLeader, "lost-" + i);
            }
            assertTrue(sim.runUntil(() -> sim.leader().filter(id -> !id.equals(oldLeader)).isPresent(),
                    8 * sim.electionTimeoutMs()));
            long index = sim.proposeToLeader("kept").orElseThrow();
            sim.runFor(sim.electionTimeoutMs());
            sim.healNetwork();
            assertTrue(sim.runUntil(() -> appliedOnAll(sim, index), 4 * sim.electionTimeoutMs()), sim.describe());
            for (LogEntry entry : sim.server(oldLeader).disk.applied()) {
                assertFalse(Simulation.text(entry).startsWith("lost-"), "an uncommitted entry was applied: " + entry);
            }
            sim.healAndCheckConvergence();
        });
    }

    static boolean appliedOnAll(Simulation sim, long index) {
        return sim.servers().stream().allMatch(server -> server.disk.applied().size() >= index);
    }

    static NodeId other(Simulation sim, NodeId not) {
        return sim.ids().stream().filter(id -> !id.equals(not)).findFirst().orElseThrow();
    }
}
