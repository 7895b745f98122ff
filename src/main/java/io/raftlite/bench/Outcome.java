package io.raftlite.bench;

/**
 * Whether an HTTP answer counts as a success: status 200 and no error anywhere in the body (rqlite
 * reports statement and request errors with HTTP 200, so the status alone would count failures).
 */
final class Outcome {
    private Outcome() {
    }

    static boolean succeeded(int status, String body) {
        return status == 200 && !body.contains("\"error\"");
    }
}
