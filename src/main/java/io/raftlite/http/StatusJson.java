package io.raftlite.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.raftlite.api.StatusReport;

/** /status in rqlite's layout (store.raft.state, store.leader.node_id, ...), with {@code key=} sub-paths. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    static String render(StatusReport report, QueryParams params) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("build").put("version", report.version());
        root.putObject("http").put("bind_addr", report.httpAddress());
        ObjectNode store = root.putObject("store");
        store.put("node_id", report.nodeId());
        store.put("addr", report.raftAddress());
        store.put("ready", report.leaderKnown());
        store.putObject("leader").put("node_id", report.leaderId()).put("addr", report.leaderRaftAddress());
        store.putObject("raft").put("state", report.role()).put("term", report.term())
                .put("commit_index", report.commitIndex()).put("applied_index", report.appliedIndex())
                .put("last_log_index", report.lastLogIndex()).put("voter", report.voter());
        store.putObject("sqlite3").put("path", report.sqlitePath()).put("size", report.sqliteSize());
        JsonNode selected = root;
        if (params.value("key").isPresent()) {
            for (String part : params.value("key").get().split("\\.")) {
                selected = selected.path(part);
            }
            if (selected.isMissingNode()) {
                selected = JSON.createObjectNode();
            }
        }
        try {
            return params.flag("pretty")
                    ? JSON.writer(new GoStyle.PrettyPrinter()).writeValueAsString(selected)
                    : JSON.writeValueAsString(selected);
        } catch (com.fasterxml.jackson.core.JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
