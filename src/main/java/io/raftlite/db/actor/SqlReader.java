package io.raftlite.db.actor;

import io.raftlite.api.Statement;
import io.raftlite.api.StatementResult;
import io.raftlite.db.ReadPool;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Reads on the node's read-only connections, run on a dedicated executor (never Pekko's default dispatcher). */
public final class SqlReader implements AutoCloseable {
    private final ReadPool pool;
    private final Executor executor;

    public SqlReader(ReadPool pool, Executor executor) {
        this.pool = pool;
        this.executor = executor;
    }

    public CompletionStage<List<StatementResult>> query(List<Statement> statements, boolean transaction) {
        return CompletableFuture.supplyAsync(() -> interruptible(() -> pool.query(statements, transaction)), executor);
    }

    /** True if every statement only reads. */
    public CompletionStage<Boolean> allReadOnly(List<Statement> statements) {
        return CompletableFuture.supplyAsync(() -> interruptible(() -> {
            for (Statement statement : statements) {
                if (!pool.isReadOnly(statement.sql())) {
                    return false;
                }
            }
            return true;
        }), executor);
    }

    private interface Blocking<T> {
        T run() throws InterruptedException;
    }

    private static <T> T interruptible(Blocking<T> work) {
        try {
            return work.run();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new CompletionException(interrupted);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
