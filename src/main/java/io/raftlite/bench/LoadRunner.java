package io.raftlite.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N clients, each sending one request at a time (client i talks to node i mod n): a warm-up, then
 * a measured phase of a fixed duration or a fixed number of requests. Only requests that succeed
 * are timed and counted; failures are counted apart.
 */
final class LoadRunner {
    /** How long a run lasts: the warm-up, then either {@code requests} requests (if above 0) or {@code duration}. */
    record Limits(Duration warmup, Duration duration, long requests) {
    }

    /** What one run measured, after the warm-up. */
    record Result(String name, Latencies latencies, long failures, double seconds, int rowsPerRequest) {
        double requestsPerSecond() {
            return latencies.count() / seconds;
        }

        double rowsPerSecond() {
            return requestsPerSecond() * rowsPerRequest;
        }
    }

    private LoadRunner() {
    }

    static Result run(BenchOptions.Run run, List<URI> nodes, Limits limits, boolean progress) throws Exception {
        long measureFrom = System.nanoTime() + limits.warmup().toNanos();
        boolean byCount = limits.requests() > 0;
        long end = byCount ? Long.MAX_VALUE : measureFrom + limits.duration().toNanos();
        AtomicLong tickets = new AtomicLong(limits.requests());
        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong lastReceived = new AtomicLong(measureFrom);
        ExecutorService pool = Executors.newFixedThreadPool(run.clients());
        List<Future<Latencies>> perClient = new ArrayList<>();
        Thread reporter = progress ? progressLine(run.name(), succeeded, failed) : null;
        try {
            for (int client = 0; client < run.clients(); client++) {
                int id = client;
                perClient.add(pool.submit(() -> {
                    Latencies latencies = new Latencies();
                    KeepAliveConnection connection = new KeepAliveConnection(nodes.get(id % nodes.size()));
                    long sequence = 0;
                    while (true) {
                        long sent = System.nanoTime();
                        if (sent >= end || (byCount && sent >= measureFrom && tickets.getAndDecrement() <= 0)) {
                            connection.close();
                            return latencies;
                        }
                        String[] request = run.workload().request(id, sequence++, run.rows(), run.level());
                        boolean ok = send(connection, request);
                        long received = System.nanoTime();
                        if (sent >= measureFrom && received <= end) {
                            lastReceived.accumulateAndGet(received, Math::max);
                            if (ok) {
                                latencies.record(received - sent);
                                succeeded.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            Latencies all = new Latencies();
            for (Future<Latencies> client : perClient) {
                all.addAll(client.get());
            }
            double seconds = byCount ? Math.max(1, lastReceived.get() - measureFrom) / 1e9 : limits.duration().toNanos() / 1e9;
            return new Result(run.name(), all, failed.get(), seconds, run.workload().rowsPerRequest(run.rows()));
        } finally {
            pool.shutdownNow();
            if (reporter != null) {
                reporter.interrupt();
            }
        }
    }

    private static boolean send(KeepAliveConnection connection, String[] request) {
        try {
            KeepAliveConnection.Response response = connection.post(request[0], request[1]);
            return Outcome.succeeded(response.status(), response.body());
        } catch (java.io.IOException unreachableOrTimedOut) {
            return false;
        }
    }

    /** One line a second on stderr while a run lasts: what has succeeded and failed so far. */
    private static Thread progressLine(String name, AtomicLong succeeded, AtomicLong failed) {
        Thread reporter = new Thread(() -> {
            try {
                while (true) {
                    Thread.sleep(1000);
                    System.err.printf("\r%-38s %9d ok %6d failed", name, succeeded.get(), failed.get());
                }
            } catch (InterruptedException stopped) {
                System.err.println();
            }
        }, "bench-progress");
        reporter.setDaemon(true);
        reporter.start();
        return reporter;
    }
}
