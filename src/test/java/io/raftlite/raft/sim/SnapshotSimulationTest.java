package io.raftlite.raft.sim;

import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.raftlite.raft.sim.ElectionSimulationTest.awaitLeader;
import static io.raftlite.raft.sim.ReplicationSimulationTest.other;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * S-15: log compaction and InstallSnapshot. Servers compact after a few entries, so a follower
 * that was away, a server that restarts, and a brand-new member can only catch up through a
 * snapshot, sent over a network that loses, duplicates and delays it.
 */
class SnapshotSimulationTest {
    private static final String CLASS = "SnapshotSimulationTest";

    @TestFactory
    Stream<DynamicTest> followerBehindTheCompactedLogCatchesUpBySnapshot() {
        return Seeds.tests(CLASS, "followerBehindTheCompactedLogCatchesUpBySnapshot", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            sim.compactionThreshold(4);
            NodeId leader = awaitLeader(sim);
            NodeId away = other(sim, leader);
            sim.isolate(away);
            for (int i = 0; i < 30; i++) {
                sim.propose(leader, "while-away-" + i);
                sim.runFor(20);
            }
            sim.runFor(200);
            assertTrue(sim.server(leader).node().snapshotIndex() > sim.server(away).node().lastIndex(),
                    "the leader should have compacted past the isolated follower: " + sim.describe());
            sim.healNetwork();
            sim.healAndCheckConvergence();
            assertTrue(sim.snapshotsInstalled() > 0, "the follower caught up without a snapshot: " + sim.describe());
        });
    }

    @TestFactory
    Stream<DynamicTest> newMemberJoinsThroughASnapshot() {
        return Seeds.tests(CLASS, "newMemberJoinsThroughASnapshot", 10, seed -> {
            Simulation sim = Simulation.createWithSpares(seed, 3, 1);
            sim.compactionThreshold(5);
            awaitLeader(sim);
            for (int i = 0; i < 25; i++) {
                sim.proposeToLeader("before-" + i);
                sim.runFor(20);
            }
            NodeId added = NodeId.of("n4");
            assertTrue(sim.runUntil(() -> sim.changeConfiguration(configuration -> configuration.withLearner(added)),
                    4 * sim.electionTimeoutMs()), "learner not added: " + sim.describe());
            assertTrue(sim.runUntil(() -> sim.server(added).disk.applied().size() >= 25, 4 * sim.electionTimeoutMs()),
                    "the new member did not catch up: " + sim.describe());
            assertTrue(sim.snapshotsInstalled() > 0, "the new member caught up without a snapshot");
            sim.healAndCheckConvergence();
        });
    }

    @TestFactory
    Stream<DynamicTest> snapshotsUnderLossAndCrashes() {
        return Seeds.tests(CLASS, "snapshotsUnderLossAndCrashes", 4, seed -> {
            Random choices = new Random(new java.util.SplittableRandom(seed ^ 0x5AA9L).nextLong());
            Simulation sim = Simulation.create(seed, choices.nextBoolean() ? 3 : 5);
            sim.compactionThreshold(2 + choices.nextInt(10));
            sim.networkFaults(choices.nextBoolean() ? NetworkFaults.UNRELIABLE : NetworkFaults.UNRELIABLE_REORDERING);
            int written = 0;
            for (long elapsed = 0; elapsed < 15_000; elapsed += 50) {
                sim.runFor(50);
                if (choices.nextInt(2) == 0) {
                    List<NodeId> ids = sim.ids();
                    sim.propose(ids.get(choices.nextInt(ids.size())), "w" + written++);
                }
                if (choices.nextInt(40) == 0) {
                    // Crash one server at a time while a majority stays up; restart it later.
                    List<SimServer> down = sim.servers().stream().filter(server -> !server.isUp()).toList();
                    if (!down.isEmpty()) {
                        sim.restart(down.get(0).id);
                    } else {
                        sim.crash(sim.ids().get(choices.nextInt(sim.ids().size())));
                    }
                }
            }
            sim.healAndCheckConvergence();
            // However little got through the faults, a few more writes make every server compact.
            int[] more = {0};
            assertTrue(sim.runUntil(() -> {
                sim.proposeToLeader("more-" + more[0]++);
                sim.runFor(20);
                return sim.servers().stream().allMatch(server -> server.node().snapshotIndex() > 0);
            }, 20 * sim.electionTimeoutMs()), "every server should have compacted: " + sim.describe());
            sim.healAndCheckConvergence();
        });
    }
}
