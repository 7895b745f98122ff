package io.raftlite.raft.sim;

import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.raftlite.raft.sim.ElectionSimulationTest.awaitLeader;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Single-server membership changes (DESIGN rule 7, dissertation §4): a new server joins as a
 * learner, catches up, then becomes a voter; followers and the leader itself can be removed; one
 * change at a time; and random changes under faults never break safety.
 */
class MembershipSimulationTest {
    private static final String CLASS = "MembershipSimulationTest";
    private static final NodeId NEW = NodeId.of("n4");

    @TestFactory
    Stream<DynamicTest> newServerJoinsAsLearnerThenBecomesVoter() {
        return Seeds.tests(CLASS, "newServerJoinsAsLearnerThenBecomesVoter", 10, seed -> {
            Simulation sim = Simulation.createWithSpares(seed, 3, 1);
            awaitLeader(sim);
            for (int i = 0; i < 20; i++) {
                sim.proposeToLeader("before-" + i);
                sim.runFor(20);
            }
            assertTrue(changeWhenPossible(sim, configuration -> configuration.withLearner(NEW)), "learner not added");
            assertTrue(sim.runUntil(() -> sim.server(NEW).disk.applied().size() >= leaderCommit(sim), 4 * sim.electionTimeoutMs()),
                    "the learner did not catch up: " + sim.describe());
            assertFalse(sim.server(NEW).node().configuration().isVoter(NEW), "a learner must not vote before promotion");

            assertTrue(changeWhenPossible(sim, configuration -> configuration.withVoter(NEW)), "promotion refused");
            assertTrue(sim.runUntil(() -> leaderConfiguration(sim).voters().size() == 4
                    && sim.server(sim.leader().orElseThrow()).node().commitIndex() >= configIndex(sim), 4 * sim.electionTimeoutMs()));

            // With four voters a quorum is three: losing one server must not stop writes.
            NodeId victim = sim.ids().stream().filter(id -> !id.equals(NEW) && !id.equals(sim.leader().orElseThrow()))
                    .findFirst().orElseThrow();
            sim.crash(victim);
            long index = sim.proposeToLeader("after-promotion").orElseThrow();
            assertTrue(sim.runUntil(() -> sim.server(NEW).disk.applied().size() >= index, 4 * sim.electionTimeoutMs()),
                    "the promoted server does not take part: " + sim.describe());
            sim.healAndCheckConvergence();
        });
    }

    @TestFactory
    Stream<DynamicTest> removedFollowerLeavesAWorkingSmallerCluster() {
        return Seeds.tests(CLASS, "removedFollowerLeavesAWorkingSmallerCluster", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId leader = awaitLeader(sim);
            NodeId removed = sim.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            assertTrue(changeWhenPossible(sim, configuration -> configuration.without(removed)));
            sim.runFor(sim.electionTimeoutMs());
            sim.crash(removed);
            for (int i = 0; i < 10; i++) {
                sim.proposeToLeader("two-voters-" + i);
                sim.runFor(20);
            }
            sim.healAndCheckConvergence();
            assertEquals(2, leaderConfiguration(sim).voters().size());
            assertFalse(leaderConfiguration(sim).isMember(removed));
        });
    }

    /** S-20: a node cut off from the others is removed; the rest carry on, and when it returns it disturbs nobody. */
    @TestFactory
    Stream<DynamicTest> aPartitionedNodeIsRemovedAndDoesNotDisruptWhenItReturns() {
        return Seeds.tests(CLASS, "aPartitionedNodeIsRemovedAndDoesNotDisruptWhenItReturns", 10, seed -> {
            Simulation sim = Simulation.create(seed, 5);
            NodeId leader = awaitLeader(sim);
            NodeId cutOff = sim.ids().stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
            sim.isolate(cutOff);
            assertTrue(changeWhenPossible(sim, configuration -> configuration.without(cutOff)), "removal not proposed");
            assertTrue(sim.runUntil(() -> sim.leader().isPresent() && !leaderConfiguration(sim).isMember(cutOff)
                    && leaderCommit(sim) >= configIndex(sim), 4 * sim.electionTimeoutMs()), "the removal did not commit: " + sim.describe());
            NodeId leaderBefore = sim.leader().orElseThrow();
            long termBefore = sim.server(leaderBefore).node().term();
            for (int i = 0; i < 5; i++) {
                sim.proposeToLeader("four-voters-" + i);
                sim.runFor(20);
            }
            sim.runFor(3 * sim.electionTimeoutMs()); // the cut-off node's election timer fires again and again
            sim.healNetwork();
            sim.runFor(3 * sim.electionTimeoutMs());
            assertEquals(java.util.Optional.of(leaderBefore), sim.leader(), "the returning removed node deposed the leader");
            assertEquals(termBefore, sim.server(leaderBefore).node().term(), "the returning removed node raised the term");
            sim.healAndCheckConvergence();
        });
    }

    @TestFactory
    Stream<DynamicTest> removedLeaderStepsDownAfterTheChangeCommits() {
        return Seeds.tests(CLASS, "removedLeaderStepsDownAfterTheChangeCommits", 10, seed -> {
            Simulation sim = Simulation.create(seed, 3);
            NodeId leader = awaitLeader(sim);
            assertTrue(changeWhenPossible(sim, configuration -> configuration.without(leader)));
            assertTrue(sim.runUntil(() -> !sim.server(leader).isLeader(), 2 * sim.electionTimeoutMs()),
                    "the removed leader kept leading");
            assertTrue(sim.runUntil(() -> sim.leader().filter(id -> !id.equals(leader)).isPresent(), 4 * sim.electionTimeoutMs()),
                    "the remaining voters elected no leader: " + sim.describe());
            sim.runFor(3 * sim.electionTimeoutMs());
            assertFalse(sim.server(leader).isLeader(), "a removed server must not come back as leader");
            sim.healAndCheckConvergence();
        });
    }

    @TestFactory
    Stream<DynamicTest> onlyOneChangeAtATime() {
        return Seeds.tests(CLASS, "onlyOneChangeAtATime", 10, seed -> {
            Simulation sim = Simulation.createWithSpares(seed, 3, 2);
            NodeId leader = awaitLeader(sim);
            sim.runFor(sim.electionTimeoutMs());
            var node = sim.server(leader).node();
            ClusterConfiguration current = node.configuration();
            var twoAtOnce = node.proposeConfiguration(current.withLearner(NEW).withLearner(NodeId.of("n5")));
            assertFalse(twoAtOnce.accepted());
            assertEquals("only one server can be added, removed, promoted or demoted at a time", twoAtOnce.refusal());
            var first = node.proposeConfiguration(current.withLearner(NEW));
            assertTrue(first.accepted(), first.refusal());
            var second = node.proposeConfiguration(current.withLearner(NEW).withLearner(NodeId.of("n5")));
            assertFalse(second.accepted());
            assertEquals("another configuration change is not committed yet", second.refusal());
        });
    }

    /** Random adds, promotions, demotions and removals among five servers while crashes and partitions happen. */
    @TestFactory
    Stream<DynamicTest> randomChangesUnderFaults() {
        return Seeds.tests(CLASS, "randomChangesUnderFaults", 2, seed -> {
            Random choices = new Random(new java.util.SplittableRandom(seed ^ 0xC0FFEEL).nextLong());
            Simulation sim = Simulation.createWithSpares(seed, 3, 2);
            sim.networkFaults(new NetworkFaults(choices.nextDouble() * 0.1, 0.02, choices.nextDouble() * 0.1, 20));
            for (int step = 0; step < 400; step++) {
                sim.runFor(50);
                if (choices.nextInt(3) == 0) {
                    sim.proposeToLeader("w" + step);
                }
                if (choices.nextInt(20) == 0) {
                    NodeId target = sim.ids().get(choices.nextInt(sim.ids().size()));
                    sim.changeConfiguration(configuration -> switch (choices.nextInt(3)) {
                        case 0 -> configuration.isMember(target) ? configuration.withVoter(target) : configuration.withLearner(target);
                        case 1 -> configuration.withLearner(target);
                        default -> configuration.without(target);
                    });
                }
                if (choices.nextInt(40) == 0) {
                    NodeId victim = sim.ids().get(choices.nextInt(sim.ids().size()));
                    if (sim.server(victim).isUp()) {
                        sim.crash(victim);
                    } else {
                        sim.restart(victim);
                    }
                }
                if (choices.nextInt(60) == 0) {
                    sim.isolate(sim.ids().get(choices.nextInt(sim.ids().size())));
                } else if (choices.nextInt(30) == 0) {
                    sim.healNetwork();
                }
            }
            sim.healAndCheckConvergence();
        });
    }

    /** Proposes the change once the leader accepts changes (its term's first entry committed, no change pending). */
    private static boolean changeWhenPossible(Simulation sim, java.util.function.UnaryOperator<ClusterConfiguration> change) {
        return sim.runUntil(() -> sim.changeConfiguration(change), 4 * sim.electionTimeoutMs());
    }

    private static ClusterConfiguration leaderConfiguration(Simulation sim) {
        return sim.server(sim.leader().orElseThrow()).node().configuration();
    }

    private static long leaderCommit(Simulation sim) {
        return sim.leader().map(id -> sim.server(id).node().commitIndex()).orElse(Long.MAX_VALUE);
    }

    private static long configIndex(Simulation sim) {
        return sim.server(sim.leader().orElseThrow()).node().configurationIndex();
    }

}
