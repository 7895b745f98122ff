package io.raftlite.jepsen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end of a run, after the clients stopped: heal everything, wait for a leader and for every
 * node to have applied the same index, read all of the workload's state at {@code strong} from every
 * node (recorded in the history, one process per node), and dump the test tables at {@code none} on
 * every node for a replica comparison.
 */
public final class FinalPhase {
    /** Final reads take their process ids from here up, one per node. */
    public static final int FIRST_PROCESS = 1_000_000;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    /**
     * @param views      each node's /status once they had applied the same index
     * @param finalReads per node, the completion of each final read ({@code ok} unless it never succeeded in time)
     * @param dumps      per node, the {@code level=none} answer to the workload's dump queries
     */
    public record Result(Map<String, NodeView> views, Map<String, List<HistoryEvent>> finalReads, Map<String, String> dumps) {
        public boolean replicasIdentical() {
            return dumps.values().stream().distinct().count() == 1;
        }

        /** Final reads that never succeeded. */
        public List<HistoryEvent> failedReads() {
            return finalReads.values().stream().flatMap(List::stream).filter(read -> read.type() != HistoryEvent.Type.OK).toList();
        }
    }

    private FinalPhase() {
    }

    /** Fails (AssertionError) if the cluster does not heal, elect, converge or answer within {@code patience} per step. */
    public static Result run(JepsenCluster cluster, HistoryRecorder history, Workload workload, Duration patience) throws Exception {
        NemesisRunner.heal(cluster, history, "final phase");
        cluster.awaitLeader(patience);
        awaitSameAppliedIndex(cluster, patience);
        SqlClient client = new SqlClient(history, workload, REQUEST_TIMEOUT);
        Map<String, List<HistoryEvent>> reads = new LinkedHashMap<>();
        for (int i = 0; i < cluster.nodeIds().size(); i++) {
            String node = cluster.nodeIds().get(i);
            List<HistoryEvent> completions = new ArrayList<>();
            for (Workload.Op read : workload.finalReads("strong")) {
                completions.add(readUntilOk(client, FIRST_PROCESS + i, cluster, node, read, patience));
            }
            reads.put(node, List.copyOf(completions));
        }
        Map<String, NodeView> views = awaitSameAppliedIndex(cluster, patience);
        Map<String, String> dumps = new LinkedHashMap<>();
        for (String node : cluster.nodeIds()) {
            dumps.put(node, dump(cluster, node, workload));
        }
        return new Result(views, reads, dumps);
    }

    /** Retries a read that failed (reads have no effect) until it is ok or {@code patience} has passed. */
    private static HistoryEvent readUntilOk(SqlClient client, int process, JepsenCluster cluster, String node, Workload.Op read,
                                            Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            HistoryEvent completion = client.perform(process, node, cluster.baseUrl(node), read);
            if (completion.type() == HistoryEvent.Type.OK || System.nanoTime() > deadline) {
                return completion;
            }
            Thread.sleep(200);
        }
    }

    /** Waits until every node answers /status, knows the leader, and all applied the same index, which is their commit index. */
    public static Map<String, NodeView> awaitSameAppliedIndex(JepsenCluster cluster, Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Map<String, Optional<NodeView>> views = new LinkedHashMap<>();
        while (System.nanoTime() < deadline) {
            for (String node : cluster.nodeIds()) {
                views.put(node, cluster.status(node));
            }
            if (views.values().stream().allMatch(Optional::isPresent)) {
                List<NodeView> present = views.values().stream().map(Optional::get).toList();
                boolean converged = present.stream().allMatch(view -> !view.leaderId().isEmpty()
                        && view.appliedIndex() == present.get(0).appliedIndex() && view.commitIndex() == view.appliedIndex());
                if (converged) {
                    Map<String, NodeView> result = new LinkedHashMap<>();
                    present.forEach(view -> result.put(view.nodeId(), view));
                    return result;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the nodes did not converge on one applied index within " + patience + ": " + views);
    }

    private static String dump(JepsenCluster cluster, String node, Workload workload) throws IOException, InterruptedException {
        List<List<Object>> queries = workload.dumpQueries().stream().map(query -> List.<Object>of(query)).toList();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(cluster.baseUrl(node) + "/db/query?level=none"))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Workload.statements(queries))).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError(node + " did not answer the dump: " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }
}
