package io.raftlite.jepsen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What one node's {@code GET /status} says about its Raft state (rqlite's layout: store.raft.state
 * is Leader, Follower or Candidate; store.leader.node_id is "" while no leader is known).
 */
public record NodeView(String nodeId, String role, String leaderId, long term, long commitIndex, long appliedIndex,
                       long lastLogIndex) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static NodeView parse(String statusBody) {
        try {
            JsonNode store = JSON.readTree(statusBody).path("store");
            JsonNode raft = store.path("raft");
            return new NodeView(store.path("node_id").asText(), raft.path("state").asText(),
                    store.path("leader").path("node_id").asText(""), raft.path("term").asLong(),
                    raft.path("commit_index").asLong(), raft.path("applied_index").asLong(), raft.path("last_log_index").asLong());
        } catch (IOException malformed) {
            throw new UncheckedIOException("not /status JSON: " + statusBody, malformed);
        }
    }

    public boolean isLeader() {
        return role.equals("Leader");
    }
}
