package io.raftlite.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Which of the nodes leads now, by asking each for its Raft state; waits out an election. */
final class LeaderFinder {
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration PER_REQUEST = Duration.ofSeconds(2);

    private LeaderFinder() {
    }

    static URI find(List<URI> nodes) throws InterruptedException {
        return find(nodes, PATIENCE);
    }

    static URI find(List<URI> nodes, Duration patience) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(PER_REQUEST).build();
        long giveUp = System.nanoTime() + patience.toNanos();
        while (true) {
            for (URI node : nodes) {
                if (leads(http, node)) {
                    return node;
                }
            }
            if (System.nanoTime() > giveUp) {
                throw new IllegalStateException("none of " + nodes + " says it is the leader (GET /status?key=store.raft.state) after "
                        + patience.toMillis() + " ms");
            }
            Thread.sleep(200);
        }
    }

    private static boolean leads(HttpClient http, URI node) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.resolve("/status?key=store.raft.state"))
                    .timeout(PER_REQUEST).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().strip().equals("\"Leader\"");
        } catch (IOException unreachable) {
            return false; // a node that is down does not lead
        }
    }
}
