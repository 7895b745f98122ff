package io.raftlite.http;

import io.raftlite.api.StatusReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

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
    void readyzNeedsALeaderUnlessAskedForLivenessOnly() throws Exception {
        HttpResponse<String> ready = http.get("/readyz");
        assertEquals(200, ready.statusCode());
        assertEquals("[+]node ok\n[+]leader ok\n[+]store ok\n", ready.body());

        http.report = new StatusReport("n2", "a", "b", "Follower", 3, "", "", 0, 0, 0, true, "p", 0, "v");
        HttpResponse<String> notReady = http.get("/readyz");
        assertEquals(503, notReady.statusCode());
        assertEquals("[+]node ok\n[+]leader does not exist\n", notReady.body());
        assertEquals("[+]node ok\n", http.get("/readyz?noleader").body());
    }
}
