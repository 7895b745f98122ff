package io.raftlite.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The results as a table on stdout and as JSON, every figure also as a ratio to the raw SQLite baseline. */
final class Report {
    private Report() {
    }

    static String table(List<LoadRunner.Result> results, double rawSingleRowTps, double rawBatchRowsPerSecond) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "raw SQLite baseline: %.0f one-row transactions/s, %.0f rows/s in 1000-row transactions%n%n",
                rawSingleRowTps, rawBatchRowsPerSecond));
        out.append(String.format(Locale.ROOT, "%-38s %10s %10s %8s %9s %9s %9s %7s%n",
                "run", "req/s", "rows/s", "ratio", "p50 ms", "p99 ms", "p999 ms", "failed"));
        for (LoadRunner.Result result : results) {
            out.append(String.format(Locale.ROOT, "%-38s %10.0f %10.0f %8.3f %9.2f %9.2f %9.2f %7d%n", result.name(),
                    result.requestsPerSecond(), result.rowsPerSecond(), ratio(result, rawSingleRowTps, rawBatchRowsPerSecond),
                    millis(result.latencies().percentile(0.5)), millis(result.latencies().percentile(0.99)),
                    millis(result.latencies().percentile(0.999)), result.failures()));
        }
        return out.toString();
    }

    /** For a cluster the bench started: how fast each node became ready, and its peak resident memory. */
    static String localCluster(List<Double> readySeconds, List<Long> peakResidentMebibytes) {
        StringBuilder out = new StringBuilder(
                String.format(Locale.ROOT, "%nlocal cluster (each node started once the one before it was ready):%n"));
        for (int i = 0; i < readySeconds.size(); i++) {
            out.append(String.format(Locale.ROOT, "  node%d ready %.2f s after its start, peak resident memory %s%n", i + 1,
                    readySeconds.get(i), peakResidentMebibytes.get(i) < 0 ? "unknown" : peakResidentMebibytes.get(i) + " MiB"));
        }
        return out.toString();
    }

    /** Bulk runs compare rows/s with batched raw inserts; all others compare requests/s with one-row transactions. */
    static double ratio(LoadRunner.Result result, double rawSingleRowTps, double rawBatchRowsPerSecond) {
        return result.rowsPerRequest() > 1 ? result.rowsPerSecond() / rawBatchRowsPerSecond : result.requestsPerSecond() / rawSingleRowTps;
    }

    static void json(Path file, List<LoadRunner.Result> results, double rawSingleRowTps, double rawBatchRowsPerSecond) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putObject("baseline").put("single_row_transactions_per_second", rawSingleRowTps)
                .put("rows_per_second_in_1000_row_transactions", rawBatchRowsPerSecond);
        ArrayNode runs = root.putArray("runs");
        for (LoadRunner.Result result : results) {
            runs.addObject().put("name", result.name()).put("requests_per_second", result.requestsPerSecond())
                    .put("rows_per_second", result.rowsPerSecond()).put("ratio_to_baseline", ratio(result, rawSingleRowTps, rawBatchRowsPerSecond))
                    .put("p50_ms", millis(result.latencies().percentile(0.5))).put("p99_ms", millis(result.latencies().percentile(0.99)))
                    .put("p999_ms", millis(result.latencies().percentile(0.999))).put("failed", result.failures())
                    .put("succeeded", result.latencies().count());
        }
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
