package io.raftlite.bench;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The command line of raftlite-bench, validated; bad input gives a message, never a stack trace. */
record BenchOptions(List<URI> nodes, int localCluster, Duration clusterWarmup, List<Run> runs, LoadRunner.Limits limits, Path json) {

    /** Fresh node JVMs are still compiling their hot code for tens of seconds; a running cluster is assumed warm. */
    static final Duration LOCAL_CLUSTER_WARMUP = Duration.ofSeconds(30);

    /** One measured run: which workload, how many clients, rows per request, read level, and whether every client talks to the leader. */
    record Run(String name, Workload workload, int clients, int rows, String level, boolean onLeader) {
        /** Clients spread over all the nodes. */
        Run(String name, Workload workload, int clients, int rows, String level) {
            this(name, workload, clients, rows, level, false);
        }
    }

    static BenchOptions parse(List<String> args) {
        List<URI> nodes = List.of(URI.create("http://127.0.0.1:4001"));
        int localCluster = 0;
        Workload workload = Workload.INSERT;
        int clients = 1;
        int rows = 100;
        String level = "none";
        Duration duration = Duration.ofSeconds(10);
        Duration warmup = Duration.ofSeconds(2);
        Duration clusterWarmup = null;
        long requests = 0;
        Path json = null;
        boolean standard = false;
        boolean nodesGiven = false;
        Boolean sendToLeader = null; // null: not given
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (value == null) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            i++;
            switch (flag) {
                case "--nodes" -> {
                    nodes = urls(value);
                    nodesGiven = true;
                }
                case "--local-cluster" -> localCluster = positive(flag, value);
                case "--workload" -> workload = Workload.parse(value);
                case "--clients" -> clients = positive(flag, value);
                case "--rows" -> rows = positive(flag, value);
                case "--requests" -> requests = positive(flag, value);
                case "--level" -> level = readLevel(value);
                case "--duration" -> duration = seconds(flag, value);
                case "--warmup" -> warmup = seconds(flag, value);
                case "--cluster-warmup" -> clusterWarmup = seconds(flag, value);
                case "--json" -> json = Path.of(value);
                case "--send-to" -> sendToLeader = sendToLeader(value);
                case "--suite" -> {
                    if (!value.equals("standard")) {
                        throw new IllegalArgumentException("the only suite is 'standard'");
                    }
                    standard = true;
                }
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        List<Run> runs = new ArrayList<>();
        if (standard) {
            runs.add(new Run("insert, 1 client", Workload.INSERT, 1, 1, level));
            runs.add(new Run("insert, 64 clients", Workload.INSERT, 64, 1, level));
            runs.add(new Run("bulk 100 rows, 16 clients", Workload.BULK, 16, 100, level));
            runs.add(new Run("read none, 16 clients", Workload.READ, 16, 1, "none"));
            // The weak target is "on the leader"; none there too, to compare like with like.
            runs.add(new Run("read none, 16 clients, on the leader", Workload.READ, 16, 1, "none", true));
            runs.add(new Run("read weak, 16 clients, on the leader", Workload.READ, 16, 1, "weak", true));
            runs.add(new Run("read linearizable, 16 clients", Workload.READ, 16, 1, "linearizable"));
        } else {
            boolean onLeader = Boolean.TRUE.equals(sendToLeader);
            runs.add(new Run(workload.name().toLowerCase() + ", " + clients + " clients" + (onLeader ? ", on the leader" : ""),
                    workload, clients, rows, level, onLeader));
        }
        if (standard && sendToLeader != null) {
            throw new IllegalArgumentException("--send-to is for a single run; the standard suite chooses per run");
        }
        if (localCluster > 0 && nodesGiven) {
            throw new IllegalArgumentException("give either --nodes or --local-cluster, not both");
        }
        if (clusterWarmup == null) {
            clusterWarmup = localCluster > 0 ? LOCAL_CLUSTER_WARMUP : Duration.ZERO;
        }
        return new BenchOptions(nodes, localCluster, clusterWarmup, runs, new LoadRunner.Limits(warmup, duration, requests), json);
    }

    private static boolean sendToLeader(String value) {
        if (!List.of("all", "leader").contains(value)) {
            throw new IllegalArgumentException("--send-to must be all or leader, not '" + value + "'");
        }
        return value.equals("leader");
    }

    private static String readLevel(String value) {
        if (!List.of("none", "weak", "linearizable", "strong").contains(value)) {
            throw new IllegalArgumentException("--level must be none, weak, linearizable or strong, not '" + value + "'");
        }
        return value;
    }

    private static List<URI> urls(String value) {
        List<URI> urls = new ArrayList<>();
        for (String url : value.split(",")) {
            try {
                URI uri = new URI(url.strip());
                if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
                    throw new URISyntaxException(url, "not http://host:port");
                }
                urls.add(uri);
            } catch (URISyntaxException bad) {
                throw new IllegalArgumentException("--nodes takes http://host:port URLs separated by commas, not '" + url + "'");
            }
        }
        return urls;
    }

    private static int positive(String flag, String value) {
        try {
            int number = Integer.parseInt(value);
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " must be a positive whole number, not '" + value + "'");
    }

    private static Duration seconds(String flag, String value) {
        if (!value.matches("\\d+(ms|s|m)")) {
            throw new IllegalArgumentException(flag + " must look like 500ms, 10s or 2m, not '" + value + "'");
        }
        long amount = Long.parseLong(value.replaceAll("\\D", ""));
        return value.endsWith("ms") ? Duration.ofMillis(amount) : value.endsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
    }
}
