package io.raftlite.raft.sim;

import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * S-FUZZ: every seed draws a cluster size, network faults and a schedule of crashes, restarts,
 * partitions (symmetric and one-way) and client proposals; every invariant is checked after every
 * event, and at the end everything heals and must converge with no acknowledged write lost.
 */
class FuzzSimulationTest {

    @TestFactory
    Stream<DynamicTest> randomFaults() {
        return Seeds.tests("FuzzSimulationTest", "randomFaults", 1, FuzzSimulationTest::fuzz);
    }

    private static void fuzz(long seed) {
        Random choices = new Random(new java.util.SplittableRandom(seed ^ 0xF00DL).nextLong());
        int size = choices.nextBoolean() ? 3 : 5;
        Simulation sim = Simulation.create(seed, size);
        sim.networkFaults(new NetworkFaults(choices.nextDouble() * 0.2, choices.nextDouble() * 0.05,
                choices.nextDouble() * 0.2, 5 + choices.nextInt(30)));
        double faultRate = 0.02 + choices.nextDouble() * 0.08;
        long durationMs = 20_000 + choices.nextInt(20_000);
        int written = 0;
        for (long elapsed = 0; elapsed < durationMs; elapsed += 50) {
            sim.runFor(50);
            if (choices.nextInt(3) == 0) {
                List<NodeId> ids = sim.ids();
                sim.propose(ids.get(choices.nextInt(ids.size())), "w" + written++);
            }
            if (choices.nextInt(4) == 0) {
                sim.read(sim.ids().get(choices.nextInt(sim.ids().size()))); // checked by the ReadIndex invariant
            }
            if (choices.nextDouble() < faultRate) {
                injectFault(sim, choices);
            }
        }
        sim.healAndCheckConvergence();
        if (Boolean.getBoolean("sim.stats")) { // -Dsim.stats=true: what each seed exercised
            System.out.printf("seed %d: %d servers, %d proposed, %d acknowledged, %d messages; %s%n", seed, size,
                    written, sim.invariants().acknowledgedCount(), sim.network().messagesSent(), sim.describe());
        }
    }

    private static void injectFault(Simulation sim, Random choices) {
        List<NodeId> ids = new ArrayList<>(sim.ids());
        NodeId victim = ids.get(choices.nextInt(ids.size()));
        switch (choices.nextInt(7)) {
            case 0 -> {
                if (sim.server(victim).isUp()) {
                    sim.crash(victim);
                }
            }
            case 1 -> sim.servers().stream().filter(server -> !server.isUp()).findFirst()
                    .ifPresent(server -> sim.restart(server.id));
            case 2 -> sim.isolate(victim);
            case 3 -> {
                Collections.shuffle(ids, choices);
                int cut = 1 + choices.nextInt(ids.size() - 1);
                sim.partition(List.copyOf(ids.subList(0, cut)), List.copyOf(ids.subList(cut, ids.size())));
            }
            case 4 -> sim.network().block(victim, ids.get(choices.nextInt(ids.size())));
            case 5 -> sim.leader().ifPresent(leader -> sim.server(leader).transferLeadership(
                    choices.nextBoolean() ? java.util.Optional.of(victim) : java.util.Optional.empty()));
            default -> sim.healNetwork();
        }
    }
}
