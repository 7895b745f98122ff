package io.raftlite.http;

import io.raftlite.api.StatusReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatusEndpointsTest {
    private HttpFixture http;

    @BeforeEach
    void start() throws Exception {
        http = new HttpFixture();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
    }

    @Test
    void statusReportsStoreRaftAndSqliteAndSelectsKeys() throws Exception {
        HttpResponse<String> all = http.get("/status");
        assertEquals(200, all.statusCode());
        assertTrue(all.body().contains("\"raft\":{\"state\":\"Leader\",\"term\":3,\"commit_index\":10"), all.body());
        assertTrue(all.body().contains("\"sqlite3\":{\"path\":\"/data/db.sqlite\",\"size\":8192}"), all.body());

        assertEquals("{\"node_id\":\"n1\",\"addr\":\"127.0.0.1:4002\"}", http.get("/status?key=store.leader").body());
        assertEquals("{}", http.get("/status?key=no.such").body());
    }

    @Test
    void nodesInTheLegacyMapAndVersionTwoFormsAndTheLeader() throws Exception {
        http.nodes = java.util.List.of(
                new io.raftlite.api.NodeReport("2", "http://10.0.0.2:4001", "10.0.0.2:4002", "v0.1.0", true, true, false, 0.00064, ""),
                new io.raftlite.api.NodeReport("1", "http://10.0.0.1:4001", "10.0.0.1:4002", "v0.1.0", true, true, true, 0.0000213, ""),
                new io.raftlite.api.NodeReport("3", "", "", "", true, false, false, 0, "timeout waiting for node to respond"),
                new io.raftlite.api.NodeReport("9", "http://10.0.0.9:4001", "10.0.0.9:4002", "v0.1.0", false, true, false, 0.001, ""));

        assertEquals("{\"1\":{\"id\":\"1\",\"api_addr\":\"http://10.0.0.1:4001\",\"addr\":\"10.0.0.1:4002\",\"version\":\"v0.1.0\","
                + "\"voter\":true,\"reachable\":true,\"leader\":true,\"time\":0.0000213,\"time_s\":\"21.3µs\"},"
                + "\"2\":{\"id\":\"2\",\"api_addr\":\"http://10.0.0.2:4001\",\"addr\":\"10.0.0.2:4002\",\"version\":\"v0.1.0\","
                + "\"voter\":true,\"reachable\":true,\"leader\":false,\"time\":0.00064,\"time_s\":\"640µs\"},"
                + "\"3\":{\"id\":\"3\",\"addr\":\"\",\"version\":\"\",\"voter\":true,\"reachable\":false,\"leader\":false,"
                + "\"error\":\"timeout waiting for node to respond\"}}", http.get("/nodes").body());
        String v2 = http.get("/nodes?ver=2&nonvoters").body();
        assertTrue(v2.startsWith("{\"nodes\":[{\"id\":\"1\""), v2);
        assertTrue(v2.contains("{\"id\":\"9\",\"api_addr\":\"http://10.0.0.9:4001\",\"addr\":\"10.0.0.9:4002\",\"version\":\"v0.1.0\",\"voter\":false"), v2);
        assertTrue(http.get("/leader").body().startsWith("{\"id\":\"1\",\"api_addr\":\"http://10.0.0.1:4001\""));

        http.nodes = java.util.List.of();
        HttpResponse<String> noLeader = http.get("/leader");
        assertEquals(503, noLeader.statusCode());
        assertEquals("leader not found\n", noLeader.body());
    }

    @Test
    void readyzNeedsALeaderUnlessAskedForLivenessOnly() throws Exception {
        HttpResponse<String> ready = http.get("/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("[+]node ok\n[+]leader ok\n[+]store ok\n", ready.body());

        http.report = new StatusReport("n2", "a", "b", "Follower", 3, "", "", 0, 0, 0, true, "p", 0, "v");
        HttpResponse<String> notReady = http.get("/readyz");
        assertEquals(503, notReady.statusCode());
        assertEquals("[+]node ok\n[+]leader does not exist\n", notReady.body());
        assertEquals("[+]node ok\n", http.get("/readyz?noleader").body());

        http.report = new StatusReport("n2", "a", "b", "Follower", 3, "n1", "", 9, 9, 9, true, "p", 0, "v");
        assertEquals("[+]node ok\n[+]leader ok\n[+]store ok\n[+]sync ok\n", http.get("/readyz?sync").body());
        http.report = new StatusReport("n2", "a", "b", "Follower", 3, "n1", "", 9, 5, 9, true, "p", 0, "v");
        HttpResponse<String> behind = http.get("/readyz?sync&timeout=200ms");
        assertEquals(503, behind.statusCode());
        assertTrue(behind.body().endsWith("[+]sync timeout waiting for the applied index to reach the commit index\n"), behind.body());
    }

    @Test
    void postLeaderHandsLeadershipOverAndSaysWhyNot() throws Exception {
        http.nextTransfer = new io.raftlite.api.LeaderControl.Started("n2");
        HttpResponse<String> started = http.post("/leader", "{\"id\": \"n2\"}");
        assertEquals(200, started.statusCode());
        assertEquals("", started.body());
        assertEquals(java.util.Optional.of("n2"), http.lastTransferTarget);

        http.nextTransfer = new io.raftlite.api.LeaderControl.Refused("there is no other voter to hand leadership to");
        HttpResponse<String> alone = http.post("/leader", "");
        assertEquals(503, alone.statusCode());
        assertEquals("leadership transfer failed: there is no other voter to hand leadership to\n", alone.body());
        assertEquals(java.util.Optional.empty(), http.lastTransferTarget);

        assertEquals(400, http.post("/leader", "{\"node\": 1}").statusCode());
        http.nextTransfer = new io.raftlite.api.LeaderControl.NoLeader();
        assertEquals("leader not found\n", http.post("/leader", "").body());
    }

    @Test
    void postSnapshotCompactsTheLogOrSaysThereWasNothingNew() throws Exception {
        http.nextCompaction = new io.raftlite.api.SnapshotControl.Compaction(100, 9000);
        HttpResponse<String> compacted = http.post("/snapshot", "");
        assertEquals(200, compacted.statusCode());
        assertEquals("{\"snapshot_index\":9000}", compacted.body());

        http.nextCompaction = new io.raftlite.api.SnapshotControl.Compaction(9000, 9000);
        assertEquals(204, http.post("/snapshot", "").statusCode(), "rqlite: nothing new to snapshot");
        assertEquals(405, http.get("/snapshot").statusCode());
    }

    @Test
    void deleteRemoveTakesExactlyAnIdAndSaysWhatHappened() throws Exception {
        http.nextRemoval = new io.raftlite.api.MembershipControl.Removed("n3");
        HttpResponse<String> removed = delete("/remove", "{\"id\": \"n3\"}");
        assertEquals(200, removed.statusCode());
        assertEquals("", removed.body());
        assertEquals("n3", http.lastRemoved);

        http.nextRemoval = new io.raftlite.api.MembershipControl.NotMember("n9");
        HttpResponse<String> unknown = delete("/remove", "{\"id\": \"n9\"}");
        assertEquals(404, unknown.statusCode());
        assertEquals("node n9 is not a member of the cluster\n", unknown.body());

        http.nextRemoval = new io.raftlite.api.MembershipControl.NoLeader();
        assertEquals("leader not found\n", delete("/remove", "{\"id\": \"n3\"}").body());
        for (String bad : List.of("", "{}", "{\"id\": 3}", "{\"id\": \"n3\", \"addr\": \"x\"}", "[\"n3\"]", "not json")) {
            assertEquals(400, delete("/remove", bad).statusCode(), "body " + bad);
        }
        assertEquals(405, http.post("/remove", "{\"id\": \"n3\"}").statusCode());
    }

    private HttpResponse<String> delete(String path, String body) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(http.uri(path)).header("Content-Type", "application/json")
                .method("DELETE", java.net.http.HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
