package io.raftlite.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real raftlite node in its own JVM, started from a config file on free ports with its own data
 * dir; its output goes to node.log in that dir. Tests must {@link #close()} it, also when they fail.
 */
final class NodeProcess implements AutoCloseable {
    final String nodeId;
    final Path dataDir;
    final Path config;
    final int httpPort;
    final int raftPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    /** More HOCON lines inside raftlite { }, for tests that tune the node. */
    private String extraSettings = "";

    NodeProcess(Path root, String nodeId) throws IOException {
        this(root, nodeId, freePort(), freePort());
    }

    NodeProcess(Path root, String nodeId, int httpPort, int raftPort) throws IOException {
        this.nodeId = nodeId;
        this.dataDir = root.resolve(nodeId);
        this.httpPort = httpPort;
        this.raftPort = raftPort;
        Files.createDirectories(dataDir);
        this.config = root.resolve(nodeId + ".conf");
        withSeeds(java.util.List.of());
    }

    /**
     * Starts node1..node3 with {@code settings}: node1 creates the cluster, the others join through
     * seed nodes. They are added to {@code started} before anything can fail, so the caller stops them.
     */
    static void startThree(Path root, String settings, java.util.List<NodeProcess> started) throws Exception {
        for (int i = 1; i <= 3; i++) {
            started.add(new NodeProcess(root, "node" + i).withSettings(settings));
        }
        started.get(1).withSeeds(java.util.List.of(started.get(0).raftPort, started.get(2).raftPort));
        started.get(2).withSeeds(java.util.List.of(started.get(0).raftPort, started.get(1).raftPort));
        for (NodeProcess node : started) {
            node.start();
        }
        for (NodeProcess node : started) {
            node.awaitReady();
        }
    }

    /** Adds HOCON lines inside raftlite { } (call before withSeeds, which writes the file). */
    NodeProcess withSettings(String hocon) throws IOException {
        extraSettings = hocon;
        return withSeeds(java.util.List.of());
    }

    /** Rewrites the config file with these seed nodes (Raft ports on 127.0.0.1). */
    NodeProcess withSeeds(java.util.List<Integer> seedRaftPorts) throws IOException {
        return withSeeds(seedRaftPorts, 0);
    }

    NodeProcess withSeeds(java.util.List<Integer> seedRaftPorts, int bootstrapExpect) throws IOException {
        String seeds = seedRaftPorts.stream().map(port -> "\"127.0.0.1:" + port + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        Files.writeString(config, """
                raftlite {
                  node-id = "%s"
                  data-dir = "%s"
                  http.address = "127.0.0.1:%d"
                  raft.address = "127.0.0.1:%d"
                  raft.seed-nodes = [%s]
                  raft.bootstrap-expect = %d
                  %s
                }
                """.formatted(nodeId, dataDir, httpPort, raftPort, seeds, bootstrapExpect, extraSettings));
        return this;
    }

    /** kill -9: no shutdown of any kind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    NodeProcess start() throws IOException {
        process = launch(config);
        return this;
    }

    static Process launch(Path config) throws IOException {
        Path log = config.resolveSibling(config.getFileName() + ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), "io.raftlite.node.Main", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Polls /readyz until it answers 200 (a leader is known), with a deadline. */
    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError(nodeId + " exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (get("/readyz").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            Thread.sleep(100);
        }
        throw new AssertionError(nodeId + " not ready within 60 s:\n" + log());
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathAndQuery, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String pathAndQuery, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method("DELETE", HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the process to end by itself; returns whether it did within {@code patience}. */
    boolean awaitExit(Duration patience) throws InterruptedException {
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + httpPort + pathAndQuery);
    }

    /** SIGTERM, and waits for a clean exit; returns the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(nodeId + " did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(config.resolveSibling(config.getFileName() + ".log"));
        } catch (IOException unreadable) {
            return "(no log: " + unreadable.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
