package io.raftlite.jepsen;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The clients of a run: one thread per logical process, each sending one operation at a time to
 * its node (processes are spread round-robin over the nodes), paced at random around a rate. A
 * process whose operation ended in {@code info} is retired (its operation may still take effect)
 * and the thread goes on as a new process with a fresh id.
 */
public final class ClientPool implements AutoCloseable {
    /**
     * @param processes      concurrent logical processes (threads)
     * @param opsPerSecond   the mean rate of each process
     * @param requestTimeout after which a request counts as unanswered
     */
    public record Options(int processes, double opsPerSecond, Duration requestTimeout) {
        /** Six processes at 10 operations/s each, 3 s timeout. */
        public static Options defaults() {
            return new Options(6, 10, Duration.ofSeconds(3));
        }
    }

    private final JepsenCluster cluster;
    private final Workload workload;
    private final Options options;
    private final long seed;
    private final SqlClient client;
    private final AtomicInteger nextProcess;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final List<Thread> threads = new ArrayList<>();
    private final Queue<Throwable> crashes = new ConcurrentLinkedQueue<>();
    private final AtomicInteger retired = new AtomicInteger();

    public ClientPool(JepsenCluster cluster, HistoryRecorder history, Workload workload, Options options, long seed) {
        this.cluster = cluster;
        this.workload = workload;
        this.options = options;
        this.seed = seed;
        this.client = new SqlClient(history, workload, options.requestTimeout());
        this.nextProcess = new AtomicInteger(options.processes());
    }

    public synchronized void start() {
        for (int slot = 0; slot < options.processes(); slot++) {
            int first = slot;
            Thread thread = new Thread(() -> runProcesses(first), "jepsen-client-" + slot);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Lets every process finish its operation and waits for the threads; fails if one died or hangs. */
    public synchronized void stop() throws InterruptedException {
        stopping.countDown();
        long deadline = System.nanoTime() + options.requestTimeout().plusSeconds(10).toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        }
        List<String> running = threads.stream().filter(Thread::isAlive).map(Thread::getName).toList();
        if (!running.isEmpty()) {
            throw new AssertionError("client threads still running after stop: " + running);
        }
        if (!crashes.isEmpty()) {
            AssertionError failure = new AssertionError("a client thread died: " + crashes.peek(), crashes.peek());
            crashes.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    /** True once every client thread has ended. */
    public synchronized boolean allStopped() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** The first process id not used by any process so far (for operations outside the pool). */
    public int nextProcessId() {
        return nextProcess.get();
    }

    /** How many processes were retired after an {@code info}. */
    public int retiredProcesses() {
        return retired.get();
    }

    /** Stops the clients without judging how they ended (for a test that already failed). */
    @Override
    public void close() {
        stopping.countDown();
        try {
            for (Thread thread : threads) {
                thread.join(options.requestTimeout().plusSeconds(10).toMillis());
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runProcesses(int slot) {
        Random random = new Random(seed * 31 + slot);
        String nodeId = cluster.nodeIds().get(slot % cluster.nodeIds().size());
        String baseUrl = cluster.baseUrl(nodeId);
        int process = slot;
        try {
            while (stopping.getCount() > 0) {
                HistoryEvent completion = client.perform(process, nodeId, baseUrl, workload.next(random));
                if (completion.type() == HistoryEvent.Type.INFO) {
                    process = nextProcess.getAndIncrement();
                    retired.incrementAndGet();
                }
                // Jepsen's stagger: a uniform pause between 0 and twice the mean interval
                long pauseNanos = (long) (random.nextDouble() * 2e9 / options.opsPerSecond());
                if (stopping.await(pauseNanos, TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error bug) {
            crashes.add(bug);
        }
    }
}
