package io.raftlite.e2e;

import java.io.IOException;
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
 * dir; its output goes to {@code <node-id>.conf.log} beside the config file. It can be killed
 * (kill -9), paused (SIGSTOP) and resumed, and started again on the same ports and data dir. Tests
 * must {@link #close()} it, also when they fail. Public for the Jepsen harness.
 */
public final class NodeProcess implements AutoCloseable {
    public final String nodeId;
    public final Path dataDir;
    public final Path config;
    public final int httpPort;
    public final int raftPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private volatile boolean paused;
    /** More HOCON lines inside raftlite { }, for tests that tune the node. */
    private String extraSettings = "";
    /** More JVM options, before the main class. */
    private java.util.List<String> jvmOptions = java.util.List.of();

    public NodeProcess(Path root, String nodeId) throws IOException {
        this(root, nodeId, freePort(), freePort());
    }

    public NodeProcess(Path root, String nodeId, int httpPort, int raftPort) throws IOException {
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
    public static void startThree(Path root, String settings, java.util.List<NodeProcess> started) throws Exception {
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
    public NodeProcess withSettings(String hocon) throws IOException {
        extraSettings = hocon;
        return withSeeds(java.util.List.of());
    }

    /** Adds JVM options to the node's command line, from its next start on. */
    public NodeProcess withJvmOptions(java.util.List<String> options) {
        jvmOptions = java.util.List.copyOf(options);
        return this;
    }

    /** Rewrites the config file with these seed nodes (Raft ports on 127.0.0.1). */
    public NodeProcess withSeeds(java.util.List<Integer> seedRaftPorts) throws IOException {
        return withSeeds(seedRaftPorts, 0);
    }

    public NodeProcess withSeeds(java.util.List<Integer> seedRaftPorts, int bootstrapExpect) throws IOException {
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

    /** kill -9: no shutdown of any kind (a paused process dies too). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        paused = false;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Starts the node, or starts it again after it exited, with a fresh log file: same config, ports and data dir. */
    public NodeProcess start() throws IOException {
        return start(false);
    }

    /** Starts the node again after it was killed or exited, appending to its log so the earlier runs stay readable. */
    public NodeProcess restart() throws IOException {
        Files.writeString(logFile(), "---- " + nodeId + " restarted at " + java.time.Instant.now() + " ----\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return start(true);
    }

    private NodeProcess start(boolean appendToLog) throws IOException {
        if (isAlive()) {
            throw new IllegalStateException(nodeId + " is still running (pid " + process.pid() + ")");
        }
        process = launch(config, appendToLog, jvmOptions);
        paused = false;
        return this;
    }

    /** kill -STOP: the process keeps its sockets but does nothing until {@link #resume()}. */
    public void pause() throws IOException, InterruptedException {
        signal("-STOP");
        paused = true;
    }

    /** kill -CONT after {@link #pause()}. */
    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
        paused = false;
    }

    public boolean isPaused() {
        return paused && isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The exit status of a process that ended. */
    public int exitValue() {
        return process.exitValue();
    }

    private void signal(String signal) throws IOException, InterruptedException {
        if (!isAlive()) {
            throw new IllegalStateException(nodeId + " is not running, so it cannot get " + signal);
        }
        Process kill = new ProcessBuilder("/usr/bin/kill", signal, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new IOException("/usr/bin/kill " + signal + " " + process.pid() + " failed: "
                    + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    public static Process launch(Path config) throws IOException {
        return launch(config, false, java.util.List.of());
    }

    private static Process launch(Path config, boolean appendToLog, java.util.List<String> jvmOptions) throws IOException {
        java.io.File log = config.resolveSibling(config.getFileName() + ".log").toFile();
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(io.raftlite.bench.JvmOptions.node());
        command.addAll(jvmOptions);
        command.addAll(java.util.List.of("-cp", System.getProperty("java.class.path"), "io.raftlite.node.Main", config.toString()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(appendToLog ? ProcessBuilder.Redirect.appendTo(log) : ProcessBuilder.Redirect.to(log)).start();
    }

    /** Polls /readyz until it answers 200 (a leader is known), with a deadline. */
    public void awaitReady() throws Exception {
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

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String pathAndQuery, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> delete(String pathAndQuery, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").method("DELETE", HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the process to end by itself; returns whether it did within {@code patience}. */
    public boolean awaitExit(Duration patience) throws InterruptedException {
        return process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS);
    }

    private URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + httpPort + pathAndQuery);
    }

    /** SIGTERM, and waits for a clean exit; returns the exit code. */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError(nodeId + " did not stop within 30 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** Where the process's output goes. */
    public Path logFile() {
        return config.resolveSibling(config.getFileName() + ".log");
    }

    public String log() {
        try {
            return Files.readString(logFile());
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

    /** A port a node binds later, maybe after restarts: from below the ephemeral range (LoopbackPorts). */
    public static int freePort() throws IOException {
        return io.raftlite.bench.LoopbackPorts.free();
    }
}
