package io.raftlite.http;

import io.raftlite.api.NodeStatus;
import io.raftlite.api.Routing;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlRequest;
import io.raftlite.api.SqlService;
import io.raftlite.api.StatusReport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.http.javadsl.ServerBinding;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** The API bound on a free loopback port, in front of a fake SqlService that records what it was asked. */
final class HttpFixture implements SqlService, NodeStatus, io.raftlite.api.LeaderControl, io.raftlite.api.SnapshotControl,
        io.raftlite.api.MembershipControl, AutoCloseable {
    static final long MAX_BODY = 1024;

    final ActorTestKit kit = ActorTestKit.create();
    final ServerBinding binding;
    final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    volatile SqlRequest lastRequest;
    volatile Routing lastRouting;
    volatile SqlOutcome nextOutcome = new SqlOutcome.LeaderNotFound();
    volatile StatusReport report = new StatusReport("n1", "127.0.0.1:4002", "127.0.0.1:4001", "Leader", 3, "n1",
            "127.0.0.1:4002", 10, 10, 10, true, "/data/db.sqlite", 8192, "v0.1.0");

    HttpFixture() throws Exception {
        binding = HttpServer.bind(kit.system(), "127.0.0.1", 0, new HttpApi(this, this, this, this, this, "v0.1.0", MAX_BODY))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<SqlOutcome> submit(SqlRequest request, Routing routing) {
        lastRequest = request;
        lastRouting = routing;
        return CompletableFuture.completedFuture(nextOutcome);
    }

    volatile java.util.List<io.raftlite.api.NodeReport> nodes = java.util.List.of();

    @Override
    public CompletionStage<StatusReport> report() {
        return CompletableFuture.completedFuture(report);
    }

    volatile RemoveOutcome nextRemoval = new io.raftlite.api.MembershipControl.NoLeader();
    volatile String lastRemoved;

    @Override
    public CompletionStage<RemoveOutcome> remove(String nodeId, Routing routing) {
        lastRemoved = nodeId;
        return CompletableFuture.completedFuture(nextRemoval);
    }

    volatile Compaction nextCompaction = new Compaction(0, 0);

    @Override
    public CompletionStage<Compaction> compactLog() {
        return CompletableFuture.completedFuture(nextCompaction);
    }

    volatile TransferOutcome nextTransfer = new io.raftlite.api.LeaderControl.NoLeader();
    volatile java.util.Optional<String> lastTransferTarget;

    @Override
    public CompletionStage<TransferOutcome> transferLeadership(java.util.Optional<String> target, Routing routing) {
        lastTransferTarget = target;
        return CompletableFuture.completedFuture(nextTransfer);
    }

    @Override
    public CompletionStage<java.util.List<io.raftlite.api.NodeReport>> nodes() {
        return CompletableFuture.completedFuture(nodes);
    }

    HttpResponse<String> get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    HttpResponse<String> post(String pathAndQuery, String body) throws Exception {
        return post(pathAndQuery, body, "application/json");
    }

    HttpResponse<String> post(String pathAndQuery, String body, String contentType) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + pathAndQuery);
    }

    @Override
    public void close() throws Exception {
        binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        kit.shutdownTestKit();
    }
}
