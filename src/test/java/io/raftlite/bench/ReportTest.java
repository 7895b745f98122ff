package io.raftlite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest {

    private static LoadRunner.Result result(String name, int requests, int rowsPerRequest) {
        Latencies latencies = new Latencies();
        for (int i = 1; i <= requests; i++) {
            latencies.record(i * 1_000_000L);
        }
        return new LoadRunner.Result(name, latencies, 7, 2.0, rowsPerRequest);
    }

    @Test
    void singleRowRunsCompareWithOneRowTransactionsAndBulkRunsWithBatchedRows() {
        assertEquals(0.5, Report.ratio(result("insert", 2000, 1), 2000, 100_000), 1e-9); // 1000 req/s over 2000 tps
        assertEquals(0.5, Report.ratio(result("bulk", 1000, 100), 2000, 100_000), 1e-9); // 50,000 rows/s over 100,000
    }

    @Test
    void jsonHasEveryFigure(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bench.json");
        Report.json(file, List.of(result("insert, 1 client", 1000, 1)), 2000, 100_000);

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals(2000, root.at("/baseline/single_row_transactions_per_second").asDouble());
        JsonNode run = root.at("/runs/0");
        assertEquals("insert, 1 client", run.get("name").asText());
        assertEquals(500, run.get("requests_per_second").asDouble(), 1e-9);
        assertEquals(0.25, run.get("ratio_to_baseline").asDouble(), 1e-9);
        assertEquals(500, run.get("p50_ms").asDouble(), 1e-9);
        assertEquals(990, run.get("p99_ms").asDouble(), 1e-9);
        assertEquals(999, run.get("p999_ms").asDouble(), 1e-9);
        assertEquals(7, run.get("failed").asLong());
        assertEquals(1000, run.get("succeeded").asLong());
        assertTrue(Report.table(List.of(result("insert, 1 client", 1000, 1)), 2000, 100_000).contains("0.250"));
    }
}
