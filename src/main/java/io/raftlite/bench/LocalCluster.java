package io.raftlite.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A throwaway cluster of real node processes on free loopback ports and a temporary directory. */
final class LocalCluster implements AutoCloseable {
    private final Path root;
    private final List<Process> processes = new ArrayList<>();
    private final List<URI> urls = new ArrayList<>();
    private final List<Long> startedAt = new ArrayList<>();
    private final List<Double> readySeconds = new ArrayList<>();

    private LocalCluster(Path root) {
        this.root = root;
    }

    static LocalCluster start(int size) throws Exception {
        LocalCluster cluster = new LocalCluster(Files.createTempDirectory("raftlite-bench"));
        try {
            // Ports from below the ephemeral range: the last node binds its own seconds after they
            // are chosen, while the others already connect out (LoopbackPorts).
            List<Integer> ports = LoopbackPorts.free(2 * size);
            int[] http = new int[size];
            int[] raft = new int[size];
            for (int i = 0; i < size; i++) {
                http[i] = ports.get(2 * i);
                raft[i] = ports.get(2 * i + 1);
            }
            for (int i = 0; i < size; i++) {
                StringBuilder seeds = new StringBuilder();
                for (int j = 0; i > 0 && j < size; j++) {
                    if (j != i) {
                        seeds.append(seeds.length() == 0 ? "" : ", ").append("\"127.0.0.1:").append(raft[j]).append('"');
                    }
                }
                Path config = Files.writeString(cluster.root.resolve("node" + (i + 1) + ".conf"), """
                        raftlite {
                          node-id = "node%d"
                          data-dir = "%s"
                          http.address = "127.0.0.1:%d"
                          raft.address = "127.0.0.1:%d"
                          raft.seed-nodes = [%s]
                        }
                        """.formatted(i + 1, cluster.root.resolve("node" + (i + 1)), http[i], raft[i], seeds));
                cluster.startedAt.add(System.nanoTime());
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
                command.addAll(JvmOptions.node(singleJar()));
                command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.raftlite.node.Main", config.toString()));
                cluster.processes.add(new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(cluster.root.resolve("node" + (i + 1) + ".log").toFile()).start());
                cluster.urls.add(URI.create("http://127.0.0.1:" + http[i]));
                // One at a time, as an operator starts a cluster from seeds: node1 creates it, each
                // other node joins once the one before is ready. Each ready time is then that node's
                // own start and join, not three JVMs starting at once on the same cores.
                cluster.awaitReady(i);
            }
            cluster.awaitVoters(size);
            return cluster;
        } catch (Exception failure) {
            cluster.close();
            throw failure;
        }
    }

    List<URI> urls() {
        return urls;
    }

    /** The jar the bench runs from, when its class path is one jar (then the nodes can use its class-data archive). */
    private static Optional<Path> singleJar() {
        String classPath = System.getProperty("java.class.path");
        return classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)
                ? Optional.of(Path.of(classPath).toAbsolutePath()) : Optional.empty();
    }

    /** Seconds from each process start to its first successful /readyz. */
    List<Double> readySeconds() {
        return readySeconds;
    }

    /**
     * Each node's peak resident memory so far in MiB (VmHWM from /proc), or -1 where the platform
     * does not say.
     */
    List<Long> peakResidentMebibytes() {
        List<Long> peaks = new ArrayList<>();
        for (Process process : processes) {
            long peak = -1;
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                    if (line.startsWith("VmHWM:")) {
                        peak = Long.parseLong(line.replaceAll("\\D", "")) / 1024;
                    }
                }
            } catch (IOException | NumberFormatException notLinux) {
                // leave -1
            }
            peaks.add(peak);
        }
        return peaks;
    }

    private void awaitReady(int i) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            if (System.nanoTime() > deadline || !processes.get(i).isAlive()) {
                throw new IllegalStateException("node" + (i + 1) + " did not become ready; logs in " + root);
            }
            try {
                if (http.send(HttpRequest.newBuilder(urls.get(i).resolve("/readyz")).GET().build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    readySeconds.add((System.nanoTime() - startedAt.get(i)) / 1e9);
                    return;
                }
            } catch (IOException notUpYet) {
                // keep waiting
            }
            Thread.sleep(20);
        }
    }

    /** Waits until the first node reports {@code size} reachable voters (every node joined). */
    private void awaitVoters(int size) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                String nodes = http.send(HttpRequest.newBuilder(urls.get(0).resolve("/nodes?ver=2")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (nodes.split("\"reachable\":true", -1).length - 1 == size && nodes.contains("\"leader\":true")) {
                    return;
                }
            } catch (IOException notUpYet) {
                // keep waiting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the local cluster did not form within 120 s; logs in " + root);
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        try (var files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
