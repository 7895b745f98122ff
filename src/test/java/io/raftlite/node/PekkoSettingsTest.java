package io.raftlite.node;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The derived pekko { } settings that are measured choices, so that a change to them is a deliberate one. */
class PekkoSettingsTest {
    @TempDir
    Path dir;

    @Test
    void dispatcherThreadsFollowTheCoreCountNotPekkosMinimumOfEight() throws Exception {
        Path file = Files.writeString(dir.resolve("node.conf"),
                "raftlite {\n  node-id = \"n1\"\n  data-dir = \"" + dir.resolve("data") + "\"\n}\n");
        Config settings = PekkoSettings.from(NodeConfig.load(file, new Properties()), Optional.empty());
        Config defaultDispatcher = settings.getConfig("pekko.actor.default-dispatcher.fork-join-executor");
        assertEquals(2, defaultDispatcher.getInt("parallelism-min"));
        assertEquals(1.0, defaultDispatcher.getDouble("parallelism-factor"));
        Config readers = settings.getConfig("raftlite-dispatchers.sqlite-readers.thread-pool-executor");
        assertEquals(1.0, readers.getDouble("core-pool-size-factor"));
        assertEquals(2, readers.getInt("core-pool-size-min"));
        assertEquals(false, readers.hasPath("fixed-pool-size") && readers.getInt("fixed-pool-size") > 0,
                "a fixed pool size would override the per-core sizing");
    }
}
