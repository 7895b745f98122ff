package io.raftlite.http;

import io.raftlite.api.Completions;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.stream.Materializer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A request's whole body as text. Pekko HTTP has already read a small body with its headers; only
 * a body that arrives in parts is collected by running its stream (which costs a materialisation).
 * Too large a body fails with Pekko's {@code EntityStreamSizeException} either way.
 */
final class RequestBodies {
    private RequestBodies() {
    }

    static CompletionStage<String> text(HttpRequest request, long maxBytes, Duration timeout, Materializer materializer) {
        HttpEntity entity = request.entity();
        if (entity instanceof HttpEntity.Strict strict && strict.getData().size() <= maxBytes) {
            return CompletableFuture.completedFuture(strict.getData().utf8String());
        }
        // Too large a strict body also goes this way, so the size limit fails in one place.
        return Completions.direct(entity.toStrict(timeout.toMillis(), maxBytes, materializer))
                .thenApply(collected -> collected.getData().utf8String());
    }
}
