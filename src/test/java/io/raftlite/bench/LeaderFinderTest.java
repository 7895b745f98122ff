package io.raftlite.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
        URI down = URI.create("http://127.0.0.1:" + freePort());
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
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/status", exchange -> {
            boolean asked = "key=store.raft.state".equals(exchange.getRequestURI().getQuery());
            byte[] body = (asked ? state : "{}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
