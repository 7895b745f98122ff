package io.raftlite.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A test of real node processes: each lives under its own temporary directory and is stopped after
 * the test, pass or fail. A failing test prints the end of every node's log first (the directory
 * is gone afterwards).
 */
abstract class ProcessTest {
    private static final int LOG_LINES_ON_FAILURE = 80;

    @TempDir
    Path root;
    final List<NodeProcess> nodes = new ArrayList<>();

    @RegisterExtension
    final TestExecutionExceptionHandler printLogsOnFailure = (context, failure) -> {
        for (NodeProcess node : nodes) {
            List<String> lines = node.log().lines().toList();
            System.out.println("---- last " + LOG_LINES_ON_FAILURE + " lines of " + node.nodeId + "'s log ----\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_LINES_ON_FAILURE), lines.size())));
        }
        throw failure;
    };

    @AfterEach
    void stopEverything() {
        nodes.forEach(NodeProcess::close);
    }
}
