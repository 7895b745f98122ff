package io.raftlite.jepsen;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.raftlite.jepsen.HistoryEvent.Type.INFO;
import static io.raftlite.jepsen.HistoryEvent.Type.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorder writes what it keeps, in strictly increasing time; HistoryShape catches a harness that breaks its promises. */
class HarnessHistoryTest {
    @TempDir
    Path dir;

    @Test
    void theFileHoldsTheEventsInTimeOrder() throws Exception {
        try (HistoryRecorder history = new HistoryRecorder(dir.resolve("history.jsonl"))) {
            HistoryEvent write = history.invoke(0, "write", "r0", 1L, "node1", null);
            history.nemesis("kill", "node2", null);
            history.complete(write, OK, 1L, 200, null, 7);

            List<HistoryEvent> kept = history.events();
            assertEquals(kept.stream().map(HistoryEvent::toJson).toList(), Files.readAllLines(history.file()));
            assertEquals(kept.stream().map(HistoryEvent::toJson).toList(),
                    HistoryEvent.read(history.file()).stream().map(HistoryEvent::toJson).toList());
            assertTrue(kept.get(0).time() < kept.get(1).time() && kept.get(1).time() < kept.get(2).time());
            assertEquals(List.of(), HistoryShape.problems(kept));
        }
    }

    @Test
    void overlappingOperationsAndARetiredProcessActingAreCaught() throws Exception {
        try (HistoryRecorder history = new HistoryRecorder(dir.resolve("history.jsonl"))) {
            HistoryEvent first = history.invoke(0, "write", "r0", 1L, "node1", null);
            history.invoke(0, "write", "r0", 2L, "node1", null);
            history.complete(first, INFO, 1L, 0, "timeout", 0);
            history.invoke(0, "read", "r0", null, "node1", "strong");

            List<String> problems = HistoryShape.problems(history.events());

            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("invokes while"), problems.get(0));
            assertTrue(problems.get(1).contains("acts after its info"), problems.get(1));
        }
    }
}
