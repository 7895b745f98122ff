package io.raftlite.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The warm-up against a real HTTP server that records what it was sent. */
class ClusterWarmupTest {
    private HttpServer server;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void startServer() throws IOException {
        server = LoopbackServer.start(exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getQuery();
            String level = query != null && query.contains("level=") ? query.replaceAll(".*level=(\\w+).*", "$1") : "";
            seen.add(exchange.getRequestURI().getPath() + " " + level + (body.split("INSERT", -1).length > 2 ? " bulk" : ""));
            LoopbackServer.answer(exchange, 200, "{\"results\":[{\"rows_affected\":1}]}");
        }, 4);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void exercisesWritesBulkWritesAndReadsAtEachLevel() throws Exception {
        URI url = LoopbackServer.url(server);
        long succeeded = ClusterWarmup.run(List.of(url), Duration.ofMillis(1500));
        assertTrue(succeeded > 0, "the warm-up counts what succeeded");
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("/db/execute") && !s.endsWith("bulk")), "single inserts: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.startsWith("/db/execute") && s.endsWith("bulk")), "bulk inserts: " + seen);
        for (String level : List.of("none", "weak", "linearizable")) {
            assertTrue(seen.contains("/db/query " + level), "reads at " + level + ": " + seen);
        }
    }

    @Test
    void zeroMeansNoRequestAtAll() throws Exception {
        URI url = LoopbackServer.url(server);
        assertEquals(0, ClusterWarmup.run(List.of(url), Duration.ZERO));
        assertTrue(seen.isEmpty());
    }
}
