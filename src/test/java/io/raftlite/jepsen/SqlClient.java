package io.raftlite.jepsen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Performs one workload operation as one HTTP request and records it: the invocation just before
 * sending, the completion (classified by {@link Classifier}) just after the answer was read. The
 * request carries no retry of any kind, so each invocation is sent at most once.
 */
final class SqlClient {
    private final HttpClient http;
    private final HistoryRecorder history;
    private final Workload workload;
    private final Duration timeout;

    SqlClient(HistoryRecorder history, Workload workload, Duration timeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
        this.history = history;
        this.workload = workload;
        this.timeout = timeout;
    }

    /** Returns the completion; an {@code info} one means {@code process} must be retired. */
    HistoryEvent perform(int process, String nodeId, String baseUrl, Workload.Op op) throws InterruptedException {
        Workload.Request request = workload.request(op);
        HttpRequest http = HttpRequest.newBuilder(URI.create(baseUrl + request.path()
                        + (request.query().isEmpty() ? "" : "?" + request.query())))
                .timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.body())).build();
        HistoryEvent invocation = history.invoke(process, op.f(), op.key(), op.value(), nodeId, op.level());
        Classifier.Classified outcome;
        try {
            HttpResponse<String> answer = this.http.send(http, HttpResponse.BodyHandlers.ofString());
            outcome = Classifier.answered(request.write(), request.atomic(), answer.statusCode(), answer.body());
        } catch (IOException noAnswer) {
            outcome = Classifier.noAnswer(request.write(), noAnswer);
        } catch (InterruptedException interrupted) {
            complete(invocation, op, request, Classifier.noAnswer(request.write(), new IOException("client interrupted")));
            throw interrupted;
        }
        return complete(invocation, op, request, outcome);
    }

    /** Records the completion: the workload's value of an ok answer, else the invocation's value. */
    private HistoryEvent complete(HistoryEvent invocation, Workload.Op op, Workload.Request request, Classifier.Classified outcome) {
        HistoryEvent.Type type = outcome.type();
        Object value = op.value();
        String error = outcome.error();
        if (type == HistoryEvent.Type.OK) {
            try {
                value = workload.result(op, outcome.results());
            } catch (RuntimeException unreadable) {
                // the node answered, but not as the workload expects: a harness or node bug, never an ok
                type = request.write() ? HistoryEvent.Type.INFO : HistoryEvent.Type.FAIL;
                error = "harness cannot read the result " + outcome.results() + ": " + unreadable;
            }
        }
        HistoryEvent completion = history.complete(invocation, type, value, outcome.status(), error, outcome.raftIndex());
        workload.completed(op, completion);
        return completion;
    }
}
