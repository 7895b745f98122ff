package io.raftlite.node;

import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** peers.json, the quorum-loss recovery request: read strictly, applied once. */
class PeersFileTest {
    private static final NodeId SELF = NodeId.of("node1");
    private static final HostPort ADDRESS = new HostPort("127.0.0.1", 4002);

    @TempDir
    Path dataDir;

    @Test
    void absentMeansNoRecovery() {
        assertEquals(Optional.empty(), PeersFile.read(dataDir, SELF, ADDRESS));
    }

    @Test
    void survivorsBecomeTheConfigurationAndTheSeedsAndTheFileIsRetiredOnce() throws Exception {
        Files.writeString(dataDir.resolve("peers.json"), """
                [{"id": "node2", "address": "127.0.0.1:5002"},
                 {"id": "node1", "address": "127.0.0.1:4002", "non_voter": false},
                 {"id": "replica", "address": "127.0.0.1:6002", "non_voter": true}]""");

        PeersFile recovery = PeersFile.read(dataDir, SELF, ADDRESS).orElseThrow();

        assertEquals(new ClusterConfiguration(List.of(NodeId.of("node2"), SELF), List.of(NodeId.of("replica"))),
                recovery.configuration());
        assertEquals(List.of(ADDRESS, new HostPort("127.0.0.1", 5002), new HostPort("127.0.0.1", 6002)), recovery.addresses());
        recovery.retire();
        assertFalse(Files.exists(dataDir.resolve("peers.json")));
        assertTrue(Files.exists(dataDir.resolve("peers.json.applied")));
        assertEquals(Optional.empty(), PeersFile.read(dataDir, SELF, ADDRESS), "applied once, not at every start");
    }

    @Test
    void aBadRequestStopsTheNodeWithTheReason() throws Exception {
        assertRefused("{\"id\": \"node1\"}", "must be a non-empty JSON array");
        assertRefused("[]", "must be a non-empty JSON array");
        assertRefused("[{\"id\": \"node1\"}]", "needs \"id\" and \"address\"");
        assertRefused("[{\"id\": \"node1\", \"address\": \"nowhere\"}]", "not host:port");
        assertRefused("[{\"id\": \"node2\", \"address\": \"127.0.0.1:5002\"}]", "this node (node1) is not listed");
        assertRefused("[{\"id\": \"node1\", \"address\": \"127.0.0.1:9999\"}]", "but raftlite.raft.address is 127.0.0.1:4002");
        assertRefused("[{\"id\": \"node1\", \"address\": \"127.0.0.1:4002\", \"non_voter\": true}]", "lists no voter");
        assertRefused("[{", "not valid JSON");
    }

    private void assertRefused(String json, String reason) throws Exception {
        Files.writeString(dataDir.resolve("peers.json"), json);
        ConfigError error = assertThrows(ConfigError.class, () -> PeersFile.read(dataDir, SELF, ADDRESS));
        assertTrue(error.getMessage().contains(reason), error.getMessage());
    }
}
