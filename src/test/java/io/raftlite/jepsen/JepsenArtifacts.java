package io.raftlite.jepsen;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Keeps what is needed to understand a failed run under {@code target/jepsen/<test>/<time>/}: the
 * history, each node's log and each node's raft-events.jsonl. Passing runs keep nothing.
 *
 * <pre>{@code
 * JepsenArtifacts.keepOnFailure("RegisterKill", history, cluster, () -> {
 *     ... run, then assert ...
 * });
 * }</pre>
 */
public final class JepsenArtifacts {
    private static final Path ROOT = Path.of("target", "jepsen");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    /** The part of a test that may fail. */
    public interface Run {
        void run() throws Exception;
    }

    private JepsenArtifacts() {
    }

    /** Runs {@code run}; if it throws, keeps the artifacts, prints where, and rethrows. */
    public static void keepOnFailure(String testName, HistoryRecorder history, JepsenCluster cluster, Run run) throws Exception {
        try {
            run.run();
        } catch (Exception | Error failure) {
            try {
                Path kept = keep(testName, history, cluster);
                System.out.println("jepsen artifacts of the failed run: " + kept.toAbsolutePath());
            } catch (IOException | RuntimeException notKept) {
                failure.addSuppressed(notKept);
            }
            throw failure;
        }
    }

    /** Copies the history, the node logs and the event logs; returns the directory. */
    public static Path keep(String testName, HistoryRecorder history, JepsenCluster cluster) throws IOException {
        Path dir = ROOT.resolve(testName).resolve(LocalDateTime.now().format(TIME));
        Files.createDirectories(dir);
        copyIfPresent(history.file(), dir.resolve("history.jsonl"));
        for (String node : cluster.nodeIds()) {
            copyIfPresent(cluster.logFile(node), dir.resolve(node + ".log"));
            copyIfPresent(cluster.eventLog(node), dir.resolve(node + "-raft-events.jsonl"));
        }
        return dir;
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
