package io.raftlite.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.raftlite.api.FaultControl;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The fault-injection endpoints under /admin (bound only when fault control is enabled):
 * {@code GET|PUT /admin/faults/network}, {@code POST /admin/faults/fsync}, {@code POST /admin/crash}.
 */
public final class FaultRoutes extends AllDirectives {
    private static final Duration BODY_TIMEOUT = Duration.ofSeconds(10);
    private static final long MAX_BODY_BYTES = 64 * 1024;
    /** Long enough for the 202 to reach the client before the process halts. */
    private static final long CRASH_DELAY_MILLIS = 100;

    private final FaultControl control;

    public FaultRoutes(FaultControl control) {
        this.control = control;
    }

    public Route route() {
        return pathPrefix("admin", () -> handleExceptions(org.apache.pekko.http.javadsl.server.ExceptionHandler.newBuilder()
                .match(BadRequest.class, bad -> complete(HttpApi.text(StatusCodes.BAD_REQUEST, bad.getMessage())))
                .match(IllegalArgumentException.class, bad -> complete(HttpApi.text(StatusCodes.BAD_REQUEST, bad.getMessage())))
                .build(), () -> concat(
                path(org.apache.pekko.http.javadsl.server.PathMatchers.segment("faults").slash("network"), () -> concat(
                        get(() -> complete(HttpApi.json(FaultRules.render(control.linkRules())))),
                        put(() -> withBody(body -> {
                            control.setLinkRules(FaultRules.parse(body));
                            return HttpApi.json(FaultRules.render(control.linkRules()));
                        })))),
                path(org.apache.pekko.http.javadsl.server.PathMatchers.segment("faults").slash("fsync"), () -> post(() -> withBody(body -> {
                    JsonNode writes = FaultRules.single(body, "fail_next");
                    if (!writes.canConvertToInt() || writes.asInt() < 0) {
                        throw new BadRequest("invalid request: fail_next must be a non-negative integer");
                    }
                    control.failNextSyncs(writes.asInt());
                    return HttpApi.json("{\"fail_next\":" + writes.asInt() + "}");
                }))),
                path("crash", () -> post(() -> withBody(body -> {
                    JsonNode powerLoss = FaultRules.single(body, "power_loss");
                    if (!powerLoss.isBoolean()) {
                        throw new BadRequest("invalid request: power_loss must be true or false");
                    }
                    CompletableFuture.delayedExecutor(CRASH_DELAY_MILLIS, TimeUnit.MILLISECONDS)
                            .execute(() -> control.crash(powerLoss.booleanValue()));
                    return HttpResponse.create().withStatus(StatusCodes.ACCEPTED);
                }))))));
    }

    private Route withBody(Function<String, HttpResponse> handler) {
        return extractRequest(request -> extractMaterializer(materializer -> completeWithFuture(
                RequestBodies.text(request, MAX_BODY_BYTES, BODY_TIMEOUT, materializer)
                        .thenApply(handler)
                        .exceptionally(failure -> {
                            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                            return HttpApi.text(StatusCodes.BAD_REQUEST, cause.getMessage());
                        }))));
    }
}
