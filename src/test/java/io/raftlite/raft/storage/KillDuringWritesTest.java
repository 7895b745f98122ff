package io.raftlite.raft.storage;

import com.typesafe.config.ConfigFactory;
import io.raftlite.raft.message.NodeId;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * DESIGN rule 1 at the process level: a node killed with SIGKILL in the middle of writing loses
 * nothing it acknowledged. A separate JVM writes Raft state through RaftStorage on the SQLite
 * journal; after its "ACK n" lines we kill -9 it and recover from its files: the recovered state
 * must be the state after some batch m >= n (a batch may be durable without its ACK printed), and
 * never anything else.
 */
class KillDuringWritesTest {
    private static final int ACKS_BEFORE_KILL = 200;

    @TempDir
    Path dir;
    private Process worker;
    private ActorTestKit kit;

    @AfterEach
    void cleanUp() {
        if (worker != null) {
            worker.destroyForcibly();
        }
        if (kit != null) {
            kit.shutdownTestKit();
        }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillMinusNine() throws Exception {
        worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), StorageCrashWorker.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int lastAck = readAcks(ACKS_BEFORE_KILL);
        worker.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, mid-write
        assertTrue(worker.waitFor(30, TimeUnit.SECONDS), "the worker did not die");

        RaftStorage.LoadedState recovered = recover();

        for (int batches = lastAck + 1; batches <= lastAck + 50; batches++) {
            CrashWorkload.State expected = CrashWorkload.stateAfter(batches);
            if (expected.hardState().equals(recovered.hardState()) && expected.log().equals(recovered.log())) {
                return; // the state after `batches` batches: everything acknowledged is there
            }
        }
        fail("recovered state (term " + recovered.hardState().term() + ", " + recovered.log().size()
                + " entries) is not the state after any batch from " + (lastAck + 1) + " on: acknowledged writes were lost");
    }

    private int readAcks(int wanted) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        int last = -1;
        while (last < wanted - 1) {
            String line = lines.readLine();
            if (line == null || System.nanoTime() > deadline) {
                fail("the worker stopped or stalled after ACK " + last);
            }
            if (line.startsWith("ACK ")) {
                last = Integer.parseInt(line.substring(4));
            }
        }
        return last;
    }

    private RaftStorage.LoadedState recover() {
        kit = ActorTestKit.create(ConfigFactory.parseString("""
                pekko.persistence.journal.plugin = "raftlite-persistence.journal"
                pekko.persistence.snapshot-store.plugin = "raftlite-persistence.snapshot-store"
                raftlite-persistence.journal.path = "%s"
                raftlite-persistence.snapshot-store.dir = "%s"
                """.formatted(dir.resolve("raft.db"), dir.resolve("snapshots"))).withFallback(ConfigFactory.load()));
        TestProbe<RaftStorage.LoadedState> probe = kit.createTestProbe();
        kit.spawn(RaftStorage.create(NodeId.of("n1"), "")).tell(new RaftStorage.LoadState(probe.getRef()));
        return probe.receiveMessage(Duration.ofSeconds(30));
    }
}
