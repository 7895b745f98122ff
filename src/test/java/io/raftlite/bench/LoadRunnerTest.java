package io.raftlite.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runner against a real HTTP server that fails some requests on purpose. */
class LoadRunnerTest {
    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();

    @BeforeEach
    void startServer() throws IOException {
        // Request n: every third answers 200 with an error, every fifth 503, the rest succeed after 20 ms.
        server = LoopbackServer.start(exchange -> {
            int n = served.incrementAndGet();
            if (n % 3 == 0) {
                LoopbackServer.answer(exchange, 200, "{\"results\":[{\"error\":\"UNIQUE constraint failed\"}]}");
            } else if (n % 5 == 0) {
                LoopbackServer.answer(exchange, 503, "{\"error\":\"leader not found\"}");
            } else {
                sleep(20);
                LoopbackServer.answer(exchange, 200, "{\"results\":[{\"rows_affected\":1}]}");
            }
        }, 4);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void countsAndTimesOnlySuccessfulRequests() throws Exception {
        URI url = LoopbackServer.url(server);
        BenchOptions.Run run = new BenchOptions.Run("test", Workload.INSERT, 4, 1, "none");

        LoadRunner.Result result = LoadRunner.run(run, List.of(url), new LoadRunner.Limits(Duration.ZERO, Duration.ofSeconds(60), 300), false);

        assertEquals(300, served.get(), "exactly the requested number of requests is sent");
        // Of 1..300: 100 multiples of 3, 60 of 5, 20 of both.
        assertEquals(160, result.latencies().count());
        assertEquals(140, result.failures());
        assertTrue(result.latencies().percentile(0.001) >= Duration.ofMillis(20).toNanos(),
                "failures answer at once; the fastest counted request still took the server's 20 ms");
        assertEquals(result.latencies().count() / result.seconds(), result.requestsPerSecond(), 1e-9);
    }

    @Test
    void bulkRequestsCountTheirRows() throws Exception {
        URI url = LoopbackServer.url(server);
        BenchOptions.Run run = new BenchOptions.Run("bulk", Workload.BULK, 1, 50, "none");

        LoadRunner.Result result = LoadRunner.run(run, List.of(url), new LoadRunner.Limits(Duration.ZERO, Duration.ofSeconds(60), 10), false);

        assertEquals(5, result.latencies().count(), "requests 1, 2, 4, 7, 8 succeed");
        assertEquals(result.requestsPerSecond() * 50, result.rowsPerSecond(), 1e-9);
    }

    @Test
    void anUnreachableNodeIsAFailureNotACrash() throws Exception {
        BenchOptions.Run run = new BenchOptions.Run("down", Workload.READ, 2, 1, "weak");

        LoadRunner.Result result = LoadRunner.run(run, List.of(LoopbackServer.nobodyListening()),
                new LoadRunner.Limits(Duration.ZERO, Duration.ofSeconds(60), 20), false);

        assertEquals(0, result.latencies().count());
        assertEquals(20, result.failures());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
