package io.raftlite.raft.sim;

import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Elections under faults: S-01, S-02, S-03 (from the 6.5840 election tests). */
class ElectionSimulationTest {
    private static final String CLASS = "ElectionSimulationTest";

    /** S-01: one leader within two election timeouts; without faults, it stays and the term stays. */
    @TestFactory
    Stream<DynamicTest> initialElection() {
        return Seeds.tests(CLASS, "initialElection", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            assertTrue(sim.runUntil(() -> sim.leader().isPresent(), 4 * sim.electionTimeoutMs()), "no leader elected");
            sim.runFor(sim.electionTimeoutMs());
            long term = sim.server(sim.leader().orElseThrow()).node().term();
            for (SimServer server : sim.servers()) {
                assertEquals(term, server.node().term(), server.id + " disagrees on the term");
            }
            NodeId leader = sim.leader().orElseThrow();
            sim.runFor(2 * sim.electionTimeoutMs());
            assertEquals(List.of(leader), sim.leaders(), "leadership changed without faults");
            assertEquals(term, sim.server(leader).node().term(), "term changed without faults");
        });
    }

    /**
     * S-02: a disconnected leader is replaced; when it rejoins there is still one leader; with two
     * of three disconnected the remaining node does not lead; with the quorum back, a leader returns.
     */
    @TestFactory
    Stream<DynamicTest> reElection() {
        return Seeds.tests(CLASS, "reElection", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId first = awaitLeader(sim);
            sim.isolate(first);
            assertTrue(sim.runUntil(() -> sim.leader().filter(id -> !id.equals(first)).isPresent(),
                    4 * sim.electionTimeoutMs()), "no new leader after the leader was cut off");
            sim.healNetwork();
            sim.runFor(3 * sim.electionTimeoutMs());
            assertEquals(1, sim.leaders().size(), "after the old leader rejoined: " + sim.describe());

            NodeId second = sim.leader().orElseThrow();
            NodeId survivor = sim.ids().stream().filter(id -> !id.equals(second)).findFirst().orElseThrow();
            for (NodeId id : sim.ids()) {
                if (!id.equals(survivor)) {
                    sim.isolate(id);
                }
            }
            sim.runFor(3 * sim.electionTimeoutMs());
            assertTrue(!sim.server(survivor).isLeader(), "a node without a quorum became leader: " + sim.describe());
            sim.healNetwork();
            assertTrue(sim.runUntil(() -> sim.leaders().size() == 1, 4 * sim.electionTimeoutMs()),
                    "no single leader after the quorum came back: " + sim.describe());
        });
    }

    /** S-03: seven servers, ten rounds of cutting off three random ones: the four left elect one leader. */
    @TestFactory
    Stream<DynamicTest> manyElections() {
        return Seeds.tests(CLASS, "manyElections", 20, seed -> {
            Simulation sim = Simulation.create(seed, 7);
            awaitLeader(sim);
            for (int round = 0; round < 10; round++) {
                List<NodeId> shuffled = new ArrayList<>(sim.ids());
                Collections.shuffle(shuffled, sim.random());
                List<NodeId> cut = shuffled.subList(0, 3);
                List<NodeId> connected = shuffled.subList(3, 7);
                sim.partition(connected, List.of(cut.get(0)), List.of(cut.get(1)), List.of(cut.get(2)));
                assertTrue(sim.runUntil(() -> connected.stream().filter(id -> sim.server(id).isLeader()).count() == 1
                        && sim.leader().filter(connected::contains).isPresent(), 6 * sim.electionTimeoutMs()),
                        "round " + round + ": no single leader among " + connected + ": " + sim.describe());
                sim.healNetwork();
            }
            sim.healAndCheckConvergence();
        });
    }

    /**
     * S-19 pre-vote: a follower cut off for many election timeouts only pre-votes, so its term does
     * not grow, and when it returns the healthy leader keeps its leadership and its term.
     */
    @TestFactory
    Stream<DynamicTest> rejoiningNodeDoesNotDisruptLeader() {
        return Seeds.tests(CLASS, "rejoiningNodeDoesNotDisruptLeader", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId leader = awaitLeader(sim);
            long term = sim.server(leader).node().term();
            NodeId loner = sim.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            long lonerTerm = sim.server(loner).node().term();
            sim.isolate(loner);
            sim.runFor(10 * sim.electionTimeoutMs());
            assertEquals(lonerTerm, sim.server(loner).node().term(), "a cut-off node raised its term");
            sim.healNetwork();
            sim.runFor(3 * sim.electionTimeoutMs());
            assertEquals(List.of(leader), sim.leaders(), "the rejoining node disturbed the leader");
            assertEquals(term, sim.server(leader).node().term(), "the rejoining node raised the term");
        });
    }

    /** S-19 check-quorum: a leader cut off from its majority steps down within one election timeout. */
    @TestFactory
    Stream<DynamicTest> isolatedLeaderStepsDown() {
        return Seeds.tests(CLASS, "isolatedLeaderStepsDown", 10, seed -> {
            Simulation sim = Simulation.create(seed, 5);
            NodeId leader = awaitLeader(sim);
            sim.runFor(sim.electionTimeoutMs());
            sim.isolate(leader);
            long isolatedAt = sim.now();
            // Messages already in flight (up to 10 ms) may still arrive; ticks are 100 ms apart.
            boolean steppedDown = sim.runUntil(() -> !sim.server(leader).isLeader(),
                    sim.electionTimeoutMs() + 2L * sim.tickMs());
            assertTrue(steppedDown, "still leader " + (sim.now() - isolatedAt) + " ms after losing its quorum");
            assertTrue(sim.runUntil(() -> sim.leader().filter(id -> !id.equals(leader)).isPresent(),
                    4 * sim.electionTimeoutMs()), "the majority elected no new leader");
        });
    }

    /**
     * S-16 ReadIndex safety: a leader cut off from the cluster never confirms a read, while the
     * others elect a new leader and commit a write; afterwards the new leader's reads see that write.
     * (Every confirmed read in every simulation is also checked against what was committed.)
     */
    @TestFactory
    Stream<DynamicTest> cutOffLeaderNeverConfirmsAStaleRead() {
        return Seeds.tests(CLASS, "cutOffLeaderNeverConfirmsAStaleRead", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId oldLeader = awaitLeader(sim);
            long first = sim.propose(oldLeader, "before").orElseThrow();
            assertTrue(sim.runUntil(() -> sim.server(oldLeader).disk.applied().size() >= first, sim.electionTimeoutMs()));
            sim.isolate(oldLeader);
            long staleRead = sim.read(oldLeader);
            assertTrue(sim.runUntil(() -> sim.leader().filter(id -> !id.equals(oldLeader)).isPresent(), 4 * sim.electionTimeoutMs()));
            long written = sim.proposeToLeader("after").orElseThrow();
            assertTrue(sim.runUntil(() -> sim.invariants().highestCommitted() >= written, 2 * sim.electionTimeoutMs()));
            sim.runFor(2 * sim.electionTimeoutMs());

            assertTrue(sim.reads().stream().noneMatch(read -> read.requestId() == staleRead && read.confirmed()),
                    "the cut-off leader confirmed a read");
            sim.healNetwork();
            NodeId newLeader = sim.leader().orElseThrow();
            long fresh = sim.read(newLeader);
            assertTrue(sim.runUntil(() -> sim.reads().stream().anyMatch(read -> read.requestId() == fresh && read.confirmed()),
                    sim.electionTimeoutMs()), "the new leader confirmed no read");
            long index = sim.reads().stream().filter(read -> read.requestId() == fresh).findFirst().orElseThrow().readIndex().getAsLong();
            assertTrue(index >= written, "the new leader's read index " + index + " misses the write at " + written);
        });
    }

    static NodeId awaitLeader(Simulation sim) {
        assertTrue(sim.runUntil(() -> sim.leader().isPresent(), 4 * sim.electionTimeoutMs()),
                "no leader elected: " + sim.describe());
        return sim.leader().orElseThrow();
    }
}
