package io.raftlite.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One HTTP request's SQL: the statements in order and how to run them.
 *
 * @param kind                which endpoint: execute (write), query (read), or request (either,
 *                            classified per statement)
 * @param transaction         run all statements in one transaction; a write transaction stops and
 *                            rolls back at the first error
 * @param level               read consistency for queries (ignored for execute)
 * @param freshness           with level NONE: refuse ("stale read") if this node has not heard from
 *                            the leader within it; {@link Duration#ZERO} means off
 * @param freshnessStrict     with freshness: also refuse if the newest local data is older than it
 * @param linearizableTimeout how long a linearizable read may wait for the state machine to catch up
 * @param rewriteRandom       rewrite RANDOM()/RANDOMBLOB(n) to literals before replication
 * @param rewriteTime         rewrite date/time functions of 'now' to literals before replication
 */
public record SqlRequest(RequestKind kind, List<Statement> statements, boolean transaction, ReadConsistency level,
                         Duration freshness, boolean freshnessStrict, Duration linearizableTimeout,
                         boolean rewriteRandom, boolean rewriteTime) implements ApiMessage {

    public static final Duration DEFAULT_LINEARIZABLE_TIMEOUT = Duration.ofSeconds(10);

    public SqlRequest {
        Objects.requireNonNull(kind, "kind");
        statements = List.copyOf(statements);
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(linearizableTimeout, "linearizableTimeout");
    }

    public static SqlRequest execute(List<Statement> statements, boolean transaction) {
        return new SqlRequest(RequestKind.EXECUTE, statements, transaction, ReadConsistency.WEAK, Duration.ZERO, false,
                DEFAULT_LINEARIZABLE_TIMEOUT, true, true);
    }

    public static SqlRequest query(List<Statement> statements, ReadConsistency level) {
        return new SqlRequest(RequestKind.QUERY, statements, false, level, Duration.ZERO, false,
                DEFAULT_LINEARIZABLE_TIMEOUT, true, true);
    }
}
