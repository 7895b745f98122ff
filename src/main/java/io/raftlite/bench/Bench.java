package io.raftlite.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code raftlite-bench}: measures a cluster (given by URLs, or started here with --local-cluster)
 * and the raw SQLite baseline in one run. See {@link #USAGE}.
 */
public final class Bench {
    static final String USAGE = """
            usage: raftlite-bench [--nodes URL,URL...|--local-cluster N] [--suite standard]
                                  [--workload insert|bulk|read|mix] [--clients N] [--rows N]
                                  [--level none|weak|linearizable|strong] [--duration 10s|--requests N]
                                  [--warmup 2s] [--cluster-warmup 30s] [--send-to all|leader] [--json FILE]
              --nodes            the cluster's HTTP URLs (default http://127.0.0.1:4001); clients spread over them
              --local-cluster N  starts N throwaway node processes on free ports and a temporary directory,
                                 one after another (each once the one before is ready)
              --workload         insert: one INSERT a request; bulk: --rows INSERTs a request (default 100);
                                 read: a point SELECT at --level; mix: four reads for every insert
              --warmup           unmeasured load at the start of each run (default 2s)
              --cluster-warmup   unmeasured mixed load once, before the baseline and the first run, so fresh
                                 node JVMs have compiled their hot code (default 30s with --local-cluster, else 0s)
              --send-to          all: client i talks to node i mod N (default); leader: every client talks to
                                 the node whose /status says it leads, found again before each run
              --requests N       measure N requests instead of --duration (the baseline still runs for --duration)
              --suite standard   runs what issue 5 targets: 1 and 64 clients of one INSERT, 16 clients of
                                 100-row INSERTs, 16 clients of point SELECTs at none (spread, and on the
                                 leader), weak (on the leader) and linearizable (spread)""";

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
            System.out.println(USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException bad) {
            System.err.println("raftlite-bench: " + bad.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        try {
            measure(options);
        } catch (IllegalStateException clusterNotServing) {
            System.err.println("raftlite-bench: " + clusterNotServing.getMessage());
            System.exit(1);
        } catch (java.net.ConnectException down) {
            System.err.println("raftlite-bench: cannot connect to " + options.nodes() + " (" + down + "): is the cluster running?");
            System.exit(1);
        }
    }

    private static void measure(BenchOptions options) throws Exception {
        LocalCluster cluster = options.localCluster() > 0 ? LocalCluster.start(options.localCluster()) : null;
        try {
            List<URI> nodes = cluster != null ? cluster.urls() : options.nodes();
            prepare(nodes.get(0));
            if (ClusterWarmup.run(nodes, options.clusterWarmup()) == 0 && !options.clusterWarmup().isZero()) {
                throw new IllegalStateException("no request of the cluster warm-up succeeded: is the cluster up?");
            }
            Path scratch = Path.of("target", "bench-baseline");
            double rawSingle = RawSqliteBaseline.singleRowTransactionsPerSecond(scratch, options.limits().duration());
            double rawBatch = RawSqliteBaseline.rowsPerSecond(scratch, 1000, options.limits().duration());
            List<LoadRunner.Result> results = new ArrayList<>();
            for (BenchOptions.Run run : options.runs()) {
                List<URI> targets = run.onLeader() ? List.of(LeaderFinder.find(nodes)) : nodes;
                results.add(LoadRunner.run(run, targets, options.limits(), true));
            }
            System.out.print(Report.table(results, rawSingle, rawBatch));
            if (cluster != null) {
                System.out.print(Report.localCluster(cluster.readySeconds(), cluster.peakResidentMebibytes()));
            }
            if (options.json() != null) {
                Report.json(options.json(), results, rawSingle, rawBatch);
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** The table every workload uses, and 1000 rows for the point reads. */
    private static void prepare(URI node) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        send(http, node, "[\"CREATE TABLE IF NOT EXISTS bench (id INTEGER PRIMARY KEY, client INTEGER, seq INTEGER, payload TEXT)\"]");
        for (int batch = 0; batch < 10; batch++) {
            send(http, node, Workload.BULK.request(-1, batch, 100, "none")[1]);
        }
    }

    private static void send(HttpClient http, URI node, String body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.resolve("/db/execute"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (!Outcome.succeeded(response.statusCode(), response.body())) {
            throw new IllegalStateException("preparing the bench table on " + node + " failed: " + response.statusCode() + " " + response.body());
        }
    }

}
