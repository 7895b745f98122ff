package io.raftlite.node;

import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryKeyOfAFullFile() throws IOException {
        Path file = write("""
                raftlite {
                  node-id = "node2"
                  data-dir = "%s"
                  http { address = "127.0.0.1:4003", max-body-size = 1 MiB }
                  raft {
                    address = "127.0.0.1:4004"
                    seed-nodes = ["127.0.0.1:4002", "127.0.0.1:4006"]
                    bootstrap-expect = 3
                    tick-interval = 50ms
                    election-timeout-ticks = 20
                    heartbeat-ticks = 3
                    proposal-timeout = 5s
                  }
                }
                """.formatted(dir.resolve("data2")));

        NodeConfig config = NodeConfig.load(file, new Properties());

        assertEquals(NodeId.of("node2"), config.nodeId());
        assertEquals(dir.resolve("data2"), config.dataDir());
        assertTrue(Files.isDirectory(config.dataDir()), "the data dir is created");
        assertEquals(new HostPort("127.0.0.1", 4003), config.httpAddress());
        assertEquals(1024 * 1024, config.maxBodySize());
        assertEquals(new HostPort("127.0.0.1", 4004), config.raftAddress());
        assertEquals(List.of(new HostPort("127.0.0.1", 4002), new HostPort("127.0.0.1", 4006)), config.seedNodes());
        assertEquals(3, config.bootstrapExpect());
        assertEquals(Duration.ofMillis(50), config.tickInterval());
        assertEquals(20, config.raftConfig().electionTimeoutTicks());
        assertEquals(3, config.raftConfig().heartbeatTicks());
        assertEquals(Duration.ofSeconds(5), config.proposalTimeout());
    }

    @Test
    void omittedKeysTakeTheDocumentedDefaults() throws IOException {
        NodeConfig config = NodeConfig.load(write(minimal("")), new Properties());

        assertEquals(new HostPort("127.0.0.1", 4001), config.httpAddress());
        assertEquals(new HostPort("127.0.0.1", 4002), config.raftAddress());
        assertEquals(List.of(), config.seedNodes());
        assertEquals(0, config.bootstrapExpect());
        assertEquals(Duration.ofMillis(100), config.tickInterval());
        assertEquals(16L * 1024 * 1024, config.maxBodySize());
    }

    @Test
    void systemPropertyOverridesTheFile() throws IOException {
        Properties overrides = new Properties();
        overrides.setProperty("raftlite.http.address", "127.0.0.1:5001");
        overrides.setProperty("user.home", "/ignored: not a raftlite key");

        NodeConfig config = NodeConfig.load(write(minimal("http.address = \"127.0.0.1:4001\"")), overrides);

        assertEquals(new HostPort("127.0.0.1", 5001), config.httpAddress());
    }

    @Test
    void misspelledKeyIsRefusedWithASuggestion() throws IOException {
        Path file = write(minimal("http.adress = \"127.0.0.1:4001\""));

        ConfigError error = assertThrows(ConfigError.class, () -> NodeConfig.load(file, new Properties()));

        assertTrue(error.getMessage().startsWith(file + ": unknown key raftlite.http.adress"), error.getMessage());
        assertTrue(error.getMessage().contains("did you mean raftlite.http.address?"), error.getMessage());
    }

    @Test
    void keyOutsideRaftliteIsRefused() throws IOException {
        Path file = write(minimal("") + "\nnode-id = \"x\"\n");

        ConfigError error = assertThrows(ConfigError.class, () -> NodeConfig.load(file, new Properties()));

        assertTrue(error.getMessage().contains("unknown key node-id"), error.getMessage());
        assertTrue(error.getMessage().contains("under raftlite { }"), error.getMessage());
    }

    @Test
    void badValuesNameTheKeyAndTheFile() throws IOException {
        assertRefused(minimal("raft.election-timeout-ticks = lots"), "raftlite.raft.election-timeout-ticks");
        assertRefused(minimal("raft.address = \"localhost\""), "raftlite.raft.address 'localhost' is not host:port");
        assertRefused(minimal("http.address = \"127.0.0.1:70000\""), "raftlite.http.address port 70000");
        assertRefused(minimal("raft.bootstrap-expect = 3"), "raftlite.raft.bootstrap-expect is 3 but raftlite.raft.seed-nodes is empty");
        assertRefused(minimal("raft.seed-nodes = [\"127.0.0.1:4004\"], raft.bootstrap-expect = 3"),
                "raftlite.raft.bootstrap-expect is 3 but this node and its seed nodes are 2 nodes");
        assertRefused(minimal("raft.heartbeat-ticks = 9"), "raftlite.raft.election-timeout-ticks");
        assertRefused(minimal("raft.address = \"127.0.0.1:4001\""), "raftlite.raft.address is the same as raftlite.http.address");
        assertRefused(minimal("raft.tick-interval = 1ms"), "raftlite.raft.tick-interval must be at least 10ms");
        assertRefused(minimal("http.max-body-size = 0"), "raftlite.http.max-body-size must be positive");
        assertRefused(minimal("raft.voter = false"), "raftlite.raft.voter is false (a read replica) but raftlite.raft.seed-nodes is empty");
        assertRefused(minimal("raft.snapshot-threshold = 0"), "raftlite.raft.snapshot-threshold must be positive");
        assertRefused(minimal("raft.snapshot-trailing-entries = -1"), "raftlite.raft.snapshot-trailing-entries must be 0 or more");
    }

    @Test
    void missingNodeIdIsRequired() throws IOException {
        assertRefused("raftlite { data-dir = \"" + dir.resolve("d") + "\" }", "raftlite.node-id is required");
    }

    @Test
    void unwritableDataDirIsRefused() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        assertRefused("raftlite { node-id = n1, data-dir = \"" + notADirectory.resolve("sub") + "\" }",
                "raftlite.data-dir '" + notADirectory.resolve("sub") + "' cannot be created or written");
    }

    @Test
    void unreadableOrInvalidFilesAreReported() throws IOException {
        Path missing = dir.resolve("nope.conf");
        ConfigError notThere = assertThrows(ConfigError.class, () -> NodeConfig.load(missing, new Properties()));
        assertTrue(notThere.getMessage().startsWith(missing + ": cannot read the config file"), notThere.getMessage());

        assertRefused("raftlite { node-id = ", "not valid HOCON");
    }

    private void assertRefused(String content, String expected) throws IOException {
        Path file = write(content);
        ConfigError error = assertThrows(ConfigError.class, () -> NodeConfig.load(file, new Properties()));
        assertTrue(error.getMessage().startsWith(file + ": "), "names the file: " + error.getMessage());
        assertTrue(error.getMessage().contains(expected), "expected '" + expected + "' in: " + error.getMessage());
        assertEquals(1, error.getMessage().lines().count(), "one line: " + error.getMessage());
    }

    private String minimal(String extra) {
        return "raftlite {\n  node-id = \"n1\"\n  data-dir = \"" + dir.resolve("data") + "\"\n  " + extra + "\n}\n";
    }

    private Path write(String content) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "node", ".conf"), content);
    }
}
