package io.raftlite.bench;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bench's own throwaway cluster (three real node processes) and its leader lookup: the node
 * it finds is the one that serves a weak read itself, where the others answer with a redirect.
 */
class LocalClusterLeaderTest {

    @Test
    void theNodeFoundAsLeaderServesWeakReadsAndTheOthersRedirect() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(3)) {
            List<URI> nodes = cluster.urls();
            URI leader = LeaderFinder.find(nodes);
            HttpClient http = HttpClient.newHttpClient();
            for (URI node : nodes) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.resolve("/db/query?level=weak&redirect"))
                        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                        .POST(HttpRequest.BodyPublishers.ofString("[\"SELECT 1\"]")).build(), HttpResponse.BodyHandlers.ofString());
                if (node.equals(leader)) {
                    assertEquals(200, response.statusCode(), response.body());
                    assertTrue(response.body().contains("\"values\""), response.body());
                } else {
                    assertEquals(301, response.statusCode(), node + " is not the leader: " + response.body());
                }
            }
        }
    }
}
