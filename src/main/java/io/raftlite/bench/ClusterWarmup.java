package io.raftlite.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Load that is not measured, sent before the first measured run so that fresh node JVMs have
 * compiled the code every workload uses: the C2 compiler is still busy in each node for tens of
 * seconds after start, and a 2-second {@code --warmup} per run measures interpreted code.
 */
final class ClusterWarmup {
    /** Every path the suite measures: forwarded and local writes, bulk applies, reads at each level. */
    private static final List<BenchOptions.Run> PHASES = List.of(
            new BenchOptions.Run("warm-up: insert", Workload.INSERT, 16, 1, "none"),
            new BenchOptions.Run("warm-up: bulk", Workload.BULK, 8, 100, "none"),
            new BenchOptions.Run("warm-up: mix weak", Workload.MIX, 16, 1, "weak"),
            new BenchOptions.Run("warm-up: read linearizable", Workload.READ, 16, 1, "linearizable"),
            new BenchOptions.Run("warm-up: read none", Workload.READ, 16, 1, "none"));

    private ClusterWarmup() {
    }

    /** Runs the phases in turn for {@code total} altogether; returns how many requests succeeded. */
    static long run(List<URI> nodes, Duration total) throws Exception {
        if (total.isZero()) {
            return 0;
        }
        Duration perPhase = total.dividedBy(PHASES.size());
        long succeeded = 0;
        for (BenchOptions.Run phase : PHASES) {
            succeeded += LoadRunner.run(phase, nodes, new LoadRunner.Limits(Duration.ZERO, perPhase, 0), true).latencies().count();
        }
        return succeeded;
    }
}
