package io.raftlite.command;

import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandCodecTest {
    @Test
    void everyValueKindRoundTripsExactly() {
        SqlCommand command = new SqlCommand(List.of(
                Statement.of("INSERT INTO t VALUES(?, ?, ?, ?, ?, ?)", SqlValue.of(Long.MIN_VALUE), SqlValue.of(Long.MAX_VALUE),
                        SqlValue.of(-0.5), SqlValue.of("ünïcödé ✓"), SqlValue.of(new byte[] {0, -128, 127}), new SqlValue.Bool(true)),
                new Statement("UPDATE t SET a = :a WHERE b = $b", List.of(SqlValue.NULL), Map.of("a", SqlValue.of(1), "b", SqlValue.NULL)),
                Statement.of("x".repeat(100_000))), true, true);

        assertEquals(command, CommandCodec.decode(CommandCodec.encode(command)));
    }

    @Test
    void unknownVersionsAndTruncatedBytesAreRefused() {
        byte[] bytes = CommandCodec.encode(new SqlCommand(List.of(Statement.of("SELECT 1")), false, false));
        bytes[0] = 9;
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(bytes));
        assertTrue(version.getMessage().contains("format version 9"), version.getMessage());

        byte[] truncated = java.util.Arrays.copyOf(CommandCodec.encode(new SqlCommand(List.of(Statement.of("SELECT 1")), false, false)), 8);
        assertThrows(IllegalArgumentException.class, () -> CommandCodec.decode(truncated));
    }
}
