package io.raftlite.jepsen;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.List;

/**
 * What a client's request did, from our node's answer (raft-testing.md §3.4): {@code ok}, {@code fail}
 * (certainly no effect) or {@code info} (unknown: it may yet take effect). A read has no effect,
 * so a read that did not answer is a {@code fail}. A write is a {@code fail} only when the node says
 * it never proposed it, that it can never be applied, or that its SQL failed as a whole; anything
 * else uncertain is {@code info}.
 */
public final class Classifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Top-level errors (HTTP 200, {@code "results":[]}) of writes that were refused before they
     * were proposed (SqlOutcome.Rejected in RequestGateway, NoForwardingRouter and the rewriter).
     * Every other top-level error of a write, "outcome unknown" ones included, is {@code info}.
     */
    static final List<String> NEVER_PROPOSED_PREFIXES = List.of("disallowed pragma", "not leader: ", "RANDOMBLOB(");
    /**
     * The one "outcome unknown" of the node that is in fact certain (ProposalTracker): the entry
     * committed at the write's index has another term, so by log matching the write's own entry is
     * gone and can never be applied. Recording it as {@code fail} lets the checkers test that claim.
     */
    static final String SUPERSEDED_PREFIX = "leadership changed before index ";
    static final String SUPERSEDED_SUFFIX = "so it will not be applied";
    /** 503 with this text: no leader was known, so nothing was proposed (SqlOutcome.LeaderNotFound). */
    static final String LEADER_NOT_FOUND = "leader not found";

    /**
     * @param results the {@code results} array of a 200 answer (missing otherwise)
     * @param error   why it is not {@code ok} (null when it is)
     */
    public record Classified(HistoryEvent.Type type, int status, String error, long raftIndex, JsonNode results) {
    }

    private Classifier() {
    }

    /**
     * @param write  the request may change the database (it went to /db/execute)
     * @param atomic a statement error means nothing of the request was applied: one statement, or {@code ?transaction}
     */
    public static Classified answered(boolean write, boolean atomic, int status, String body) {
        if (status != 200) {
            return notOk(write, status, body);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException malformed) {
            return uncertain(write, status, "unreadable response: " + body);
        }
        if (root == null || !root.path("results").isArray()) {
            return uncertain(write, status, "response without results: " + body);
        }
        if (root.hasNonNull("error")) {
            String error = root.get("error").asText();
            boolean refused = NEVER_PROPOSED_PREFIXES.stream().anyMatch(error::startsWith)
                    || error.startsWith(SUPERSEDED_PREFIX) && error.endsWith(SUPERSEDED_SUFFIX);
            return uncertain(write && !refused, status, error);
        }
        for (JsonNode result : root.get("results")) {
            if (result.hasNonNull("error")) {
                return uncertain(write && !atomic, status, result.get("error").asText());
            }
        }
        return new Classified(HistoryEvent.Type.OK, status, null, root.path("raft_index").asLong(0), root.get("results"));
    }

    /** No answer: refused connections reached no node ({@code fail}); timeouts and resets may have ({@code info} for writes). */
    public static Classified noAnswer(boolean write, IOException failure) {
        String error = describe(failure);
        if (refusedConnection(failure)) {
            return new Classified(HistoryEvent.Type.FAIL, 0, error, 0, MissingNode.getInstance());
        }
        return uncertain(write, 0, error);
    }

    private static Classified notOk(boolean write, int status, String body) {
        String text = body.strip();
        boolean neverProposed = status == 503 && text.equals(LEADER_NOT_FOUND)
                || status >= 300 && status < 500; // 301 redirect, 400 bad request, 413 too large: refused by the HTTP layer
        return uncertain(write && !neverProposed, status, status + " " + text);
    }

    /** {@code info} if the write may have taken effect, else {@code fail}. */
    private static Classified uncertain(boolean mayHaveApplied, int status, String error) {
        return new Classified(mayHaveApplied ? HistoryEvent.Type.INFO : HistoryEvent.Type.FAIL, status, error, 0,
                MissingNode.getInstance());
    }

    /**
     * The JDK client does not resend a POST, so a refused (or never made) connection means the
     * request was never sent; a timeout or reset after connecting does not tell.
     */
    private static boolean refusedConnection(IOException failure) {
        if (failure instanceof HttpConnectTimeoutException) {
            return true;
        }
        if (failure instanceof HttpTimeoutException) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(IOException failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null || message.isEmpty() ? "" : ": " + message);
    }
}
