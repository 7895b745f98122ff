package io.raftlite.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.raftlite.raft.message.ClusterConfiguration;
import io.raftlite.raft.message.NodeId;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Quorum-loss recovery, as rqlite does it: the operator puts {@code peers.json} in the data
 * directory of every surviving node, listing the survivors as
 * {@code [{"id": "node1", "address": "host:raftport", "non_voter": false}, ...]}, and starts them.
 * Each node forces that configuration into its log once, then renames the file to
 * {@code peers.json.applied}.
 */
record PeersFile(Path file, List<Peer> peers) {
    static final String NAME = "peers.json";

    record Peer(NodeId id, HostPort address, boolean voter) {
    }

    /** The recovery request in {@code dataDir}, if the operator left one; a malformed one stops the node. */
    static Optional<PeersFile> read(Path dataDir, NodeId self, HostPort selfAddress) {
        Path file = dataDir.resolve(NAME);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        List<Peer> peers = new ArrayList<>();
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (root == null || !root.isArray() || root.isEmpty()) {
                throw new ConfigError(file + ": must be a non-empty JSON array of {\"id\", \"address\", \"non_voter\"}");
            }
            for (JsonNode entry : root) {
                if (!entry.path("id").isTextual() || !entry.path("address").isTextual()) {
                    throw new ConfigError(file + ": every entry needs \"id\" and \"address\" strings: " + entry);
                }
                peers.add(new Peer(NodeId.of(entry.get("id").textValue()), HostPort.parse(entry.get("address").textValue()),
                        !entry.path("non_voter").asBoolean(false)));
            }
        } catch (IOException unreadable) {
            throw new ConfigError(file + ": not valid JSON: " + unreadable.getMessage());
        } catch (IllegalArgumentException badAddress) {
            throw new ConfigError(file + ": " + badAddress.getMessage());
        }
        Peer own = peers.stream().filter(peer -> peer.id().equals(self)).findFirst()
                .orElseThrow(() -> new ConfigError(file + ": this node (" + self + ") is not listed; list every survivor, itself included"));
        if (!own.address().equals(selfAddress)) {
            throw new ConfigError(file + ": lists " + self + " at " + own.address() + " but raftlite.raft.address is " + selfAddress);
        }
        if (peers.stream().noneMatch(Peer::voter)) {
            throw new ConfigError(file + ": lists no voter");
        }
        return Optional.of(new PeersFile(file, List.copyOf(peers)));
    }

    ClusterConfiguration configuration() {
        return new ClusterConfiguration(peers.stream().filter(Peer::voter).map(Peer::id).toList(),
                peers.stream().filter(peer -> !peer.voter()).map(Peer::id).toList());
    }

    /** Every survivor's Raft address, sorted: the same Pekko seed list on each, so they form one cluster. */
    List<HostPort> addresses() {
        return peers.stream().map(Peer::address).sorted(java.util.Comparator.comparing(HostPort::toString)).toList();
    }

    /** The configuration is durable in the log: the request must not be applied again at the next start. */
    void retire() {
        try {
            Files.move(file, file.resolveSibling(NAME + ".applied"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException failure) {
            throw new java.io.UncheckedIOException("cannot rename " + file + " after applying it", failure);
        }
    }
}
