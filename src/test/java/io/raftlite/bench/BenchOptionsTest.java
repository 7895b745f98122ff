package io.raftlite.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

    @Test
    void theStandardSuiteHasTheSixTargetedRuns() {
        BenchOptions options = BenchOptions.parse(List.of("--local-cluster", "3", "--suite", "standard", "--duration", "5s"));
        assertEquals(3, options.localCluster());
        assertEquals(List.of("insert, 1 client", "insert, 64 clients", "bulk 100 rows, 16 clients",
                "read none, 16 clients", "read none, 16 clients, on the leader", "read weak, 16 clients, on the leader",
                "read linearizable, 16 clients"),
                options.runs().stream().map(BenchOptions.Run::name).toList());
        assertEquals(List.of(false, false, false, false, true, true, false),
                options.runs().stream().map(BenchOptions.Run::onLeader).toList());
        assertEquals(Duration.ofSeconds(5), options.limits().duration());
        assertEquals(0, options.limits().requests());
    }

    @Test
    void oneRunFromFlags() {
        BenchOptions options = BenchOptions.parse(List.of("--nodes", "http://127.0.0.1:4001,http://127.0.0.1:4003",
                "--workload", "read", "--clients", "8", "--level", "linearizable", "--requests", "500", "--warmup", "500ms"));
        assertEquals(List.of(URI.create("http://127.0.0.1:4001"), URI.create("http://127.0.0.1:4003")), options.nodes());
        BenchOptions.Run run = options.runs().get(0);
        assertEquals(Workload.READ, run.workload());
        assertEquals(8, run.clients());
        assertEquals("linearizable", run.level());
        assertEquals(new LoadRunner.Limits(Duration.ofMillis(500), Duration.ofSeconds(10), 500), options.limits());
    }

    @Test
    void freshLocalClustersAreWarmedUpOnceAndRunningClustersAreNot() {
        assertEquals(BenchOptions.LOCAL_CLUSTER_WARMUP, BenchOptions.parse(List.of("--local-cluster", "3")).clusterWarmup());
        assertEquals(Duration.ZERO, BenchOptions.parse(List.of("--nodes", "http://127.0.0.1:4001")).clusterWarmup());
        assertEquals(Duration.ZERO, BenchOptions.parse(List.of("--local-cluster", "3", "--cluster-warmup", "0s")).clusterWarmup());
        assertEquals(Duration.ofMinutes(2), BenchOptions.parse(List.of("--nodes", "http://a:1", "--cluster-warmup", "2m")).clusterWarmup());
    }

    @Test
    void sendToLeaderPointsEveryClientAtTheLeader() {
        BenchOptions.Run run = BenchOptions.parse(List.of("--workload", "read", "--level", "weak", "--send-to", "leader")).runs().get(0);
        assertTrue(run.onLeader());
        assertEquals("read, 1 clients, on the leader", run.name());
        assertEquals(false, BenchOptions.parse(List.of("--send-to", "all")).runs().get(0).onLeader());
    }

    @Test
    void badInputIsExplained() {
        assertMessage("--clients must be a positive whole number, not '0'", "--clients", "0");
        assertMessage("--duration must look like 500ms, 10s or 2m, not '10'", "--duration", "10");
        assertMessage("unknown workload 'delete': use insert, bulk, read or mix", "--workload", "delete");
        assertMessage("--level must be none, weak, linearizable or strong, not 'fast'", "--level", "fast");
        assertMessage("--nodes takes http://host:port URLs separated by commas, not 'localhost'", "--nodes", "localhost");
        assertMessage("unknown option --thread", "--thread", "4");
        assertMessage("--send-to must be all or leader, not 'follower'", "--send-to", "follower");
        assertMessage("--send-to is for a single run; the standard suite chooses per run", "--suite", "standard", "--send-to", "leader");
        assertMessage("--cluster-warmup must look like 500ms, 10s or 2m, not 'long'", "--cluster-warmup", "long");
        assertMessage("--rows needs a value", "--rows");
        assertMessage("give either --nodes or --local-cluster, not both", "--nodes", "http://a:1", "--local-cluster", "3");
    }

    private static void assertMessage(String expected, String... args) {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(List.of(args)));
        assertEquals(expected, bad.getMessage());
    }

    @Test
    void theMixWritesOnceInFiveRequests() {
        long writes = 0;
        for (long sequence = 0; sequence < 100; sequence++) {
            String[] request = Workload.MIX.request(3, sequence, 1, "weak");
            if (request[0].equals("/db/execute")) {
                writes++;
            } else {
                assertEquals("/db/query?level=weak", request[0]);
            }
        }
        assertEquals(20, writes);
        assertTrue(Workload.BULK.request(0, 0, 100, "none")[1].split("INSERT", -1).length - 1 == 100);
    }
}
