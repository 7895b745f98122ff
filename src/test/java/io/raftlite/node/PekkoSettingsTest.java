package io.raftlite.node;

import com.typesafe.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The derived pekko { } settings that are measured choices, so that a change to them is a deliberate one. */
class PekkoSettingsTest {
    @TempDir
    Path dir;

    @Test
    void dispatcherThreadsFollowTheCoreCountNotPekkosMinimumOfEight() throws Exception {
        Config settings = settings();
        Config defaultDispatcher = settings.getConfig("pekko.actor.default-dispatcher.fork-join-executor");
        assertEquals(2, defaultDispatcher.getInt("parallelism-min"));
        assertEquals(1.0, defaultDispatcher.getDouble("parallelism-factor"));
        Config readers = settings.getConfig("raftlite-dispatchers.sqlite-readers.thread-pool-executor");
        assertEquals(1.0, readers.getDouble("core-pool-size-factor"));
        assertEquals(2, readers.getInt("core-pool-size-min"));
        assertEquals(false, readers.hasPath("fixed-pool-size") && readers.getInt("fixed-pool-size") > 0,
                "a fixed pool size would override the per-core sizing");
    }

    @Test
    void remoteMessagesTakeOneInboundLaneOnTheDefaultDispatcherWhileHeartbeatsKeepTheirOwn() throws Exception {
        Config settings = settings();
        String defaultDispatcher = "pekko.actor.default-dispatcher";
        assertEquals(1, settings.getInt("pekko.remote.artery.advanced.inbound-lanes"));
        assertEquals(defaultDispatcher, settings.getString("pekko.remote.artery.advanced.use-dispatcher"));
        assertEquals(defaultDispatcher, settings.getString("pekko.io.tcp.worker-dispatcher"));
        assertEquals(defaultDispatcher, settings.getString("pekko.io.tcp.management-dispatcher"));
        assertNotEquals(defaultDispatcher, settings.getString("pekko.remote.artery.advanced.use-control-stream-dispatcher"),
                "cluster heartbeats must not queue behind client load");
    }

    @Test
    void journalWritesAreAnsweredWithoutPekkosGlobalResequencerAndReplaysUnfiltered() throws Exception {
        // Both rest on the Raft storage being the journal's only writer (DataDirectoryLock).
        Config journal = settings().getConfig("raftlite-persistence.journal");
        assertEquals(false, journal.getBoolean("write-response-global-order"));
        assertEquals("off", journal.getString("replay-filter.mode"));
    }

    private Config settings() throws Exception {
        Path file = Files.writeString(dir.resolve("node.conf"),
                "raftlite {\n  node-id = \"n1\"\n  data-dir = \"" + dir.resolve("data") + "\"\n}\n");
        return PekkoSettings.from(NodeConfig.load(file, new Properties()), Optional.empty());
    }
}
