package io.raftlite.http;

import io.raftlite.api.NodeStatus;
import io.raftlite.api.ReadConsistency;
import io.raftlite.api.RequestKind;
import io.raftlite.api.Routing;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlRequest;
import io.raftlite.api.SqlService;
import io.raftlite.api.Statement;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamException;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The routes of the rqlite-compatible API. */
public final class HttpApi extends AllDirectives {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(60);

    private final SqlService sql;
    private final NodeStatus status;
    private final io.raftlite.api.LeaderControl leaderControl;
    private final io.raftlite.api.SnapshotControl snapshotControl;
    private final io.raftlite.api.MembershipControl membershipControl;
    private final String version;
    private final long maxBodyBytes;

    public HttpApi(SqlService sql, NodeStatus status, io.raftlite.api.LeaderControl leaderControl,
                   io.raftlite.api.SnapshotControl snapshotControl, io.raftlite.api.MembershipControl membershipControl,
                   String version, long maxBodyBytes) {
        this.sql = sql;
        this.status = status;
        this.leaderControl = leaderControl;
        this.snapshotControl = snapshotControl;
        this.membershipControl = membershipControl;
        this.version = version;
        this.maxBodyBytes = maxBodyBytes;
    }

    public Route route() {
        return respondWithHeaders(List.of(RawHeader.create("X-RQLITE-VERSION", version),
                RawHeader.create("Access-Control-Allow-Methods", "OPTIONS, GET, POST"),
                RawHeader.create("Access-Control-Allow-Headers", "Content-Type")), () ->
                handleExceptions(exceptions(), () -> concat(
                        options(() -> complete(HttpResponse.create())),
                        pathPrefix("db", () -> concat(
                                pathPrefix("execute", () -> concat(post(() -> sqlFromBody(RequestKind.EXECUTE)), notAllowed())),
                                pathPrefix("query", () -> concat(get(this::queryFromUrl),
                                        post(() -> sqlFromBody(RequestKind.QUERY)), notAllowed())),
                                pathPrefix("request", () -> concat(post(() -> sqlFromBody(RequestKind.REQUEST)), notAllowed())),
                                notFound())),
                        pathPrefix("status", () -> concat(get(() -> extractUri(uri -> completeWithFuture(
                                status.report().thenApply(report -> json(StatusJson.render(report,
                                        new QueryParams(uri.rawQueryString().orElse("")))))))), notAllowed())),
                        pathPrefix("nodes", () -> concat(get(() -> extractUri(uri -> completeWithFuture(
                                status.nodes().thenApply(nodes -> json(NodesJson.nodes(nodes,
                                        new QueryParams(uri.rawQueryString().orElse("")))))))), notAllowed())),
                        path("leader", () -> concat(get(() -> extractUri(uri -> completeWithFuture(
                                status.nodes().thenApply(nodes -> nodes.stream().filter(io.raftlite.api.NodeReport::leader).findFirst()
                                        .map(leader -> json(NodesJson.leader(leader, new QueryParams(uri.rawQueryString().orElse("")))))
                                        .orElseGet(() -> text(StatusCodes.SERVICE_UNAVAILABLE, "leader not found")))))),
                                post(this::transferLeadership),
                                notAllowed())),
                        path("remove", () -> concat(delete(this::removeNode), notAllowed())),
                        path("snapshot", () -> concat(post(() -> completeWithFuture(snapshotControl.compactLog()
                                .thenApply(compaction -> compaction.changed()
                                        ? json("{\"snapshot_index\":" + compaction.snapshotIndex() + "}")
                                        : HttpResponse.create().withStatus(StatusCodes.NO_CONTENT))
                                .exceptionally(this::failureResponse))), notAllowed())),
                        pathPrefix("readyz", () -> concat(get(() -> extractUri(uri -> completeWithFuture(
                                readiness(new QueryParams(uri.rawQueryString().orElse("")))))), notAllowed())),
                        notFound())));
    }

    private Route sqlFromBody(RequestKind kind) {
        // The body is read here rather than by the entity directive, which would turn an oversized
        // body into a rejection and let routing fall through to 405.
        return extractRequest(request -> extractMaterializer(materializer -> completeWithFuture(
                RequestBodies.text(request, maxBodyBytes, BODY_TIMEOUT, materializer)
                        .thenCompose(body -> {
                            QueryParams params = new QueryParams(request.getUri().rawQueryString().orElse(""));
                            boolean plainText = request.entity().getContentType().mediaType().equals(MediaTypes.TEXT_PLAIN)
                                    && kind != RequestKind.REQUEST;
                            List<Statement> statements = plainText ? StatementsParser.plainText(body) : StatementsParser.json(body);
                            return submit(kind, statements, params, request);
                        })
                        .exceptionally(this::failureResponse))));
    }

    /** A failed request as its response: the failure travels wrapped in CompletionException. */
    private HttpResponse failureResponse(Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof BadRequest bad) {
            return text(StatusCodes.BAD_REQUEST, bad.getMessage());
        }
        if (cause instanceof EntityStreamSizeException || cause instanceof EntityStreamException streamFailure
                && streamFailure.info().summary().startsWith("Request too large")) {
            return text(StatusCodes.PAYLOAD_TOO_LARGE, "request body too large: the limit is " + maxBodyBytes + " bytes");
        }
        LOG.error("HTTP request failed", cause);
        return text(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + cause.getMessage());
    }

    private Route queryFromUrl() {
        return extractRequest(request -> {
            QueryParams params = new QueryParams(request.getUri().rawQueryString().orElse(""));
            if (params.value("q").isEmpty()) {
                return complete(json("{\"results\":[]}"));
            }
            String q = params.value("q").get();
            if (q.isEmpty()) {
                throw new BadRequest("query parameter not set");
            }
            return completeWithFuture(submit(RequestKind.QUERY, List.of(Statement.of(q)), params, request));
        });
    }

    private CompletionStage<HttpResponse> submit(RequestKind kind, List<Statement> statements, QueryParams params, HttpRequest request) {
        if (params.flag("freshness_strict") && !params.flag("freshness")) {
            throw new BadRequest("freshness_strict requires freshness");
        }
        params.duration("db_timeout", Duration.ZERO);
        params.value("retries").ifPresent(retries -> {
            if (!retries.matches("-?\\d+")) {
                throw new BadRequest("retries is not a valid integer");
            }
        });
        SqlRequest sqlRequest = new SqlRequest(kind, statements, params.flag("transaction"),
                ReadConsistency.parse(params.value("level").orElse(null)), params.duration("freshness", Duration.ZERO),
                params.flag("freshness_strict"), params.duration("linearizable_timeout", SqlRequest.DEFAULT_LINEARIZABLE_TIMEOUT),
                !params.flag("norwrandom"), !params.flag("norwtime"));
        Routing routing = new Routing(params.flag("redirect"), params.duration("timeout", DEFAULT_TIMEOUT));
        ResponseWriter.Shape shape = new ResponseWriter.Shape(params.flag("pretty"), params.flag("timings"),
                params.flag("associative"), params.flag("blob_array"), params.flag("raft_index"));
        return sql.submit(sqlRequest, routing).thenApply(outcome -> respond(outcome, shape, request, params))
                .exceptionally(this::failureResponse);
    }

    private HttpResponse respond(SqlOutcome outcome, ResponseWriter.Shape shape, HttpRequest request, QueryParams params) {
        if (outcome instanceof SqlOutcome.Answered answered) {
            return json(ResponseWriter.results(answered.response(), shape));
        }
        if (outcome instanceof SqlOutcome.Rejected rejected) {
            return json(ResponseWriter.error(rejected.error(), shape));
        }
        if (outcome instanceof SqlOutcome.OutcomeUnknown unknown) {
            return json(ResponseWriter.error(unknown.error(), shape));
        }
        if (outcome instanceof SqlOutcome.Redirect redirect) {
            String query = params.raw().isEmpty() ? "" : "?" + params.raw();
            return HttpResponse.create().withStatus(StatusCodes.MOVED_PERMANENTLY)
                    .addHeader(Location.create(redirect.leaderApiAddress() + request.getUri().path() + query));
        }
        return text(StatusCodes.SERVICE_UNAVAILABLE, "leader not found");
    }

    /** POST /leader: hand leadership over; optional {"id": ...} body names the successor; ?wait waits for it. */
    private Route transferLeadership() {
        return extractRequest(request -> extractMaterializer(materializer -> completeWithFuture(
                RequestBodies.text(request, maxBodyBytes, BODY_TIMEOUT, materializer)
                        .thenCompose(body -> {
                            QueryParams params = new QueryParams(request.getUri().rawQueryString().orElse(""));
                            boolean json = request.entity().getContentType().mediaType().equals(MediaTypes.APPLICATION_JSON);
                            java.util.Optional<String> target = json ? TransferTarget.parse(body)
                                    : java.util.Optional.empty();
                            Routing routing = new Routing(params.flag("redirect"), params.duration("timeout", DEFAULT_TIMEOUT));
                            return leaderControl.transferLeadership(target, routing)
                                    .thenCompose(outcome -> transferResponse(outcome, params, request));
                        })
                        .exceptionally(this::failureResponse))));
    }

    /** DELETE /remove with {"id": "..."}: forwarded to the leader like a write; 200 once the change is committed. */
    private Route removeNode() {
        return extractRequest(request -> extractMaterializer(materializer -> completeWithFuture(
                RequestBodies.text(request, maxBodyBytes, BODY_TIMEOUT, materializer)
                        .thenCompose(body -> {
                            QueryParams params = new QueryParams(request.getUri().rawQueryString().orElse(""));
                            String nodeId = TransferTarget.parse(body)
                                    .orElseThrow(() -> new BadRequest("invalid request: the body must be {\"id\": \"<node id>\"}"));
                            Routing routing = new Routing(params.flag("redirect"), params.duration("timeout", DEFAULT_TIMEOUT));
                            return membershipControl.remove(nodeId, routing).thenApply(outcome -> removeResponse(outcome, params, request));
                        })
                        .exceptionally(this::failureResponse))));
    }

    private static HttpResponse removeResponse(io.raftlite.api.MembershipControl.RemoveOutcome outcome, QueryParams params,
                                               HttpRequest request) {
        if (outcome instanceof io.raftlite.api.MembershipControl.Removed) {
            return HttpResponse.create();
        }
        if (outcome instanceof io.raftlite.api.MembershipControl.NotMember notMember) {
            return text(StatusCodes.NOT_FOUND, "node " + notMember.nodeId() + " is not a member of the cluster");
        }
        if (outcome instanceof io.raftlite.api.MembershipControl.Refused refused) {
            return text(StatusCodes.SERVICE_UNAVAILABLE, "removal failed: " + refused.reason());
        }
        if (outcome instanceof io.raftlite.api.MembershipControl.Redirect redirect) {
            String query = params.raw().isEmpty() ? "" : "?" + params.raw();
            return HttpResponse.create().withStatus(StatusCodes.MOVED_PERMANENTLY)
                    .addHeader(Location.create(redirect.leaderApiAddress() + request.getUri().path() + query));
        }
        return text(StatusCodes.SERVICE_UNAVAILABLE, "leader not found");
    }

    private CompletionStage<HttpResponse> transferResponse(io.raftlite.api.LeaderControl.TransferOutcome outcome,
                                                           QueryParams params, HttpRequest request) {
        var done = java.util.concurrent.CompletableFuture.<HttpResponse>completedFuture(null);
        if (outcome instanceof io.raftlite.api.LeaderControl.Started started) {
            if (!params.flag("wait")) {
                return done.thenApply(ignored -> HttpResponse.create());
            }
            long deadline = System.nanoTime() + params.duration("timeout", DEFAULT_TIMEOUT).toNanos();
            return awaitLeader(started.target(), deadline).thenApply(led -> led ? HttpResponse.create()
                    : text(StatusCodes.SERVICE_UNAVAILABLE, "leadership transfer to " + started.target() + " did not complete in time"));
        }
        if (outcome instanceof io.raftlite.api.LeaderControl.Refused refused) {
            return done.thenApply(ignored -> text(StatusCodes.SERVICE_UNAVAILABLE, "leadership transfer failed: " + refused.reason()));
        }
        if (outcome instanceof io.raftlite.api.LeaderControl.Redirect redirect) {
            String query = params.raw().isEmpty() ? "" : "?" + params.raw();
            return done.thenApply(ignored -> HttpResponse.create().withStatus(StatusCodes.MOVED_PERMANENTLY)
                    .addHeader(Location.create(redirect.leaderApiAddress() + request.getUri().path() + query)));
        }
        return done.thenApply(ignored -> text(StatusCodes.SERVICE_UNAVAILABLE, "leader not found"));
    }

    /** Polls this node's view until {@code target} leads, or the deadline passes. */
    private CompletionStage<Boolean> awaitLeader(String target, long deadlineNanos) {
        return status.report().thenCompose(report -> {
            if (report.leaderId().equals(target)) {
                return java.util.concurrent.CompletableFuture.completedFuture(true);
            }
            if (System.nanoTime() > deadlineNanos) {
                return java.util.concurrent.CompletableFuture.completedFuture(false);
            }
            return java.util.concurrent.CompletableFuture.supplyAsync(() -> null,
                    java.util.concurrent.CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> awaitLeader(target, deadlineNanos));
        });
    }

    private CompletionStage<HttpResponse> readiness(QueryParams params) {
        if (params.flag("noleader")) {
            return java.util.concurrent.CompletableFuture.completedFuture(text(StatusCodes.OK, "[+]node ok"));
        }
        Duration timeout = params.duration("timeout", DEFAULT_TIMEOUT);
        return status.report().thenCompose(report -> {
            if (!report.leaderKnown()) {
                return java.util.concurrent.CompletableFuture.completedFuture(
                        text(StatusCodes.SERVICE_UNAVAILABLE, "[+]node ok\n[+]leader does not exist"));
            }
            String ready = "[+]node ok\n[+]leader ok\n[+]store ok";
            if (!params.flag("sync")) {
                return java.util.concurrent.CompletableFuture.completedFuture(text(StatusCodes.OK, ready));
            }
            return awaitApplied(System.nanoTime() + timeout.toNanos()).thenApply(synced -> synced
                    ? text(StatusCodes.OK, ready + "\n[+]sync ok")
                    : text(StatusCodes.SERVICE_UNAVAILABLE, ready + "\n[+]sync timeout waiting for the applied index to reach the commit index"));
        });
    }

    /** Polls until this node has applied everything it knows to be committed, or the deadline passes. */
    private CompletionStage<Boolean> awaitApplied(long deadlineNanos) {
        return status.report().thenCompose(report -> {
            if (report.appliedIndex() >= report.commitIndex()) {
                return java.util.concurrent.CompletableFuture.completedFuture(true);
            }
            if (System.nanoTime() > deadlineNanos) {
                return java.util.concurrent.CompletableFuture.completedFuture(false);
            }
            return java.util.concurrent.CompletableFuture.supplyAsync(() -> null,
                    java.util.concurrent.CompletableFuture.delayedExecutor(50, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> awaitApplied(deadlineNanos));
        });
    }

    private Route notAllowed() {
        return complete(HttpResponse.create().withStatus(StatusCodes.METHOD_NOT_ALLOWED));
    }

    private Route notFound() {
        return complete(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND));
    }

    private ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder()
                .match(BadRequest.class, bad -> complete(text(StatusCodes.BAD_REQUEST, bad.getMessage())))
                .match(EntityStreamSizeException.class, tooLarge -> complete(text(StatusCodes.PAYLOAD_TOO_LARGE,
                        "request body too large: the limit is " + maxBodyBytes + " bytes")))
                .match(Exception.class, failure -> {
                    LOG.error("HTTP request failed", failure);
                    return complete(text(StatusCodes.INTERNAL_SERVER_ERROR, "internal error: " + failure.getMessage()));
                })
                .build();
    }

    static HttpResponse json(String body) {
        return HttpResponse.create().withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, body));
    }

    /** Go's http.Error: plain text with a trailing newline. */
    static HttpResponse text(org.apache.pekko.http.javadsl.model.StatusCode status, String message) {
        return HttpResponse.create().withStatus(status)
                .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"))
                .withEntity(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, message + "\n"));
    }
}
