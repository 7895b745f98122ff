package io.raftlite.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against real HTTP servers that answer /status?key=store.raft.state as raftlite nodes do. */
class LeaderFinderTest {
    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stopServers() {
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void findsTheNodeThatSaysItLeadsAndSkipsOnesThatAreDown() throws Exception {
        URI down = LoopbackServer.nobodyListening();
        URI follower = node("\"Follower\"");
        URI leader = node("\"Leader\"");
        assertEquals(leader, LeaderFinder.find(List.of(down, follower, leader), Duration.ofSeconds(5)));
    }

    @Test
    void noLeaderIsAClearError() throws Exception {
        URI follower = node("\"Follower\"");
        URI candidate = node("\"Candidate\"");
        IllegalStateException none = assertThrows(IllegalStateException.class,
                () -> LeaderFinder.find(List.of(follower, candidate), Duration.ofMillis(300)));
        assertTrue(none.getMessage().contains("says it is the leader"), none.getMessage());
    }

    private URI node(String state) throws IOException {
        HttpServer server = LoopbackServer.start(exchange -> {
            boolean asked = exchange.getRequestURI().getPath().equals("/status")
                    && "key=store.raft.state".equals(exchange.getRequestURI().getQuery());
            LoopbackServer.answer(exchange, 200, asked ? state : "{}");
        }, 1);
        servers.add(server);
        return LoopbackServer.url(server);
    }
}
