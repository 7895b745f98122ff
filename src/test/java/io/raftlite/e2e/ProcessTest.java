package io.raftlite.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A test of real node processes: each lives under its own temporary directory and is stopped after the test, pass or fail. */
abstract class ProcessTest {
    @TempDir
    Path root;
    final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopEverything() {
        nodes.forEach(NodeProcess::close);
    }
}
