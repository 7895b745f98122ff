package io.raftlite.http;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

import java.util.concurrent.CompletionStage;

/** Binds the API's routes on an address. */
public final class HttpServer {
    private HttpServer() {
    }

    public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, String host, int port, HttpApi api) {
        return Http.get(system).newServerAt(host, port).bind(api.route());
    }

    /** With the fault-injection routes under /admin in front of the API's (fault control enabled). */
    public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, String host, int port, HttpApi api, FaultRoutes faults) {
        return Http.get(system).newServerAt(host, port).bind(faults.route().orElse(api.route()));
    }
}
