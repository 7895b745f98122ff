package io.raftlite.bench;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bench's own HTTP/1.1 client against the JDK's HTTP server: bodies both ways, keep-alive, chunking, failures. */
class KeepAliveConnectionTest {
    private HttpServer server;
    private final Set<Object> connectionsSeen = ConcurrentHashMap.newKeySet();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI serve(boolean chunked) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            connectionsSeen.add(exchange.getRemoteAddress());
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            byte[] answer = (exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + request).getBytes(StandardCharsets.UTF_8);
            int status = exchange.getRequestURI().getPath().equals("/missing") ? 404 : 200;
            exchange.sendResponseHeaders(status, chunked ? 0 : answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void postsOverOneKeptAliveConnection() throws Exception {
        try (KeepAliveConnection connection = new KeepAliveConnection(serve(false))) {
            assertEquals(new KeepAliveConnection.Response(200, "POST /db/execute?x=1 [\"é\"]"), connection.post("/db/execute?x=1", "[\"é\"]"));
            assertEquals(new KeepAliveConnection.Response(404, "POST /missing {}"), connection.post("/missing", "{}"));
            for (int i = 0; i < 20; i++) {
                assertEquals(200, connection.post("/db/query", "[]").status());
            }
        }
        assertEquals(1, connectionsSeen.size(), "every request went over the same connection");
    }

    @Test
    void readsChunkedResponses() throws Exception {
        try (KeepAliveConnection connection = new KeepAliveConnection(serve(true))) {
            assertEquals("POST /a [1]", connection.post("/a", "[1]").body());
            assertEquals("POST /b [2]", connection.post("/b", "[2]").body());
        }
    }

    @Test
    void aDeadServerIsAFailureAndTheNextRequestConnectsAgain() throws Exception {
        URI node = serve(false);
        KeepAliveConnection connection = new KeepAliveConnection(node);
        assertEquals(200, connection.post("/a", "[]").status());
        server.stop(0);
        assertThrows(IOException.class, () -> connection.post("/a", "[]"));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", node.getPort()), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, 2);
            exchange.getResponseBody().write("ok".getBytes(StandardCharsets.UTF_8));
            exchange.close();
        });
        server.start();
        assertEquals(new KeepAliveConnection.Response(200, "ok"), connection.post("/a", "[]"));
        connection.close();
    }
}
