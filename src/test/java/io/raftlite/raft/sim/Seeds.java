package io.raftlite.raft.sim;

import org.junit.jupiter.api.DynamicTest;

import java.util.function.LongConsumer;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/**
 * Seeds for simulation tests: {@code -Dsim.seeds=N} sets how many (the fuzz family runs N, the
 * named scenarios N/10), {@code -Dsim.seed=S} replays one. A failing seed reports the command that
 * replays it and the last events before the failure.
 */
final class Seeds {
    private static final long BASE = 0x5EED_0000L;

    private Seeds() {
    }

    static Stream<DynamicTest> tests(String testClass, String method, int divisor, LongConsumer scenario) {
        String replay = System.getProperty("sim.seed");
        LongStream seeds = replay != null
                ? LongStream.of(Long.decode(replay))
                : LongStream.range(BASE, BASE + Math.max(3, Integer.getInteger("sim.seeds", 1000) / divisor));
        return seeds.mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(testClass, method, seed, scenario)));
    }

    private static void run(String testClass, String method, long seed, LongConsumer scenario) {
        try {
            scenario.accept(seed);
        } catch (RuntimeException | AssertionError failure) {
            String state = Simulation.current()
                    .map(sim -> "\nat " + sim.now() + " ms: " + sim.describe() + "\nlast events:\n  " + sim.recentEvents())
                    .orElse("");
            throw new AssertionError("seed " + seed + " failed: " + failure.getMessage()
                    + "\nreplay: bin/raftlite-test -Dtest='" + testClass + "#" + method + "' -Dsim.seed=" + seed
                    + state, failure);
        }
    }
}
