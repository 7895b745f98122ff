package io.raftlite.api;

import org.junit.jupiter.api.Test;
import scala.concurrent.Promise;
import scala.jdk.javaapi.FutureConverters;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The futures Pekko returns (Scala's converted ones) run their continuations where we say. */
class CompletionsTest {

    /** The stage Pekko's Java API hands out: a Scala future converted by Scala's own converter. */
    private static <T> CompletionStage<T> pekkoStyle(Promise<T> promise) {
        return FutureConverters.asJava(promise.future());
    }

    /** Completes a Pekko-style future on a thread of its own; answers the thread its thenApply ran on. */
    private static Thread threadOfThenApply(boolean throughCompletions, Thread[] completerOut) throws Exception {
        Promise<String> promise = Promise.apply();
        CompletionStage<String> stage = pekkoStyle(promise);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<Integer> length = (throughCompletions ? Completions.direct(stage) : stage)
                .thenApply(value -> {
                    ranOn.set(Thread.currentThread());
                    return value.length();
                }).toCompletableFuture();

        Thread completer = new Thread(() -> promise.success("four"), "completer");
        completer.start();
        completer.join();
        completerOut[0] = completer;
        assertEquals(4, length.get(5, TimeUnit.SECONDS));
        return ranOn.get();
    }

    @Test
    void dependentStagesRunOnTheThreadThatCompletesTheFuture() throws Exception {
        Thread[] completer = new Thread[1];
        Thread ranOn = threadOfThenApply(true, completer);
        assertSame(completer[0], ranOn, "thenApply ran on " + ranOn + ", not on the completing thread");
    }

    @Test
    void theConvertedFutureAloneWouldHopThreads() throws Exception {
        // Why Completions exists: without it, thenApply leaves the completing thread for the JDK's pool.
        Thread[] completer = new Thread[1];
        Thread ranOn = threadOfThenApply(false, completer);
        assertNotSame(completer[0], ranOn, "Scala's wrapper ran thenApply in place: Completions may be unneeded now");
    }

    @Test
    void anAlreadyCompletedFutureAnswersAtOnce() {
        Promise<String> promise = Promise.apply();
        promise.success("done");
        CompletableFuture<String> plain = Completions.direct(pekkoStyle(promise));
        assertTrue(plain.isDone());
        assertEquals("done", plain.join());
    }

    @Test
    void aFailureIsPassedOnUnchanged() {
        Promise<String> promise = Promise.apply();
        IllegalStateException cause = new IllegalStateException("no leader");
        CompletableFuture<String> plain = Completions.direct(pekkoStyle(promise));
        promise.failure(cause);

        CompletionException thrown = assertThrows(CompletionException.class, plain::join);
        assertSame(cause, thrown.getCause());
        assertInstanceOf(IllegalStateException.class, plain.handle((value, failure) -> failure).join());
    }
}
