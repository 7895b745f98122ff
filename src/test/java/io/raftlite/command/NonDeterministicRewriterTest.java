package io.raftlite.command;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonDeterministicRewriterTest {
    /** 2026-11-24T00:00:00Z is Julian day 2461368.5 (checked with SQLite: julianday('2026-11-24 00:00:00')). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
    private static final String NOW = "2461368.500000";

    private static NonDeterministicRewriter rewriter() {
        return new NonDeterministicRewriter(new Random(42), CLOCK);
    }

    private static long firstRandomLong() {
        return new Random(42).nextLong();
    }

    @Test
    void randomBecomesA64BitLiteral() {
        assertEquals("INSERT INTO t(v) VALUES(" + firstRandomLong() + ")",
                rewriter().rewrite("INSERT INTO t(v) VALUES(RANDOM())", true, true));
    }

    @Test
    void randomInOrderByIsLeftAloneButNotAfterIt() {
        String sql = "INSERT INTO t SELECT v FROM s ORDER BY random() LIMIT random()";
        assertEquals("INSERT INTO t SELECT v FROM s ORDER BY random() LIMIT " + firstRandomLong(),
                rewriter().rewrite(sql, true, true));
    }

    @Test
    void randomInsideAWindowOrderByIsLeftAloneAndTheRestRewritten() {
        String sql = "SELECT row_number() OVER (ORDER BY random()), random()";
        assertEquals("SELECT row_number() OVER (ORDER BY random()), " + firstRandomLong(),
                rewriter().rewrite(sql, true, true));
    }

    @Test
    void randomblobBecomesABlobLiteralOfThatSize() {
        String rewritten = rewriter().rewrite("INSERT INTO b VALUES(randomblob(4))", true, true);
        assertTrue(rewritten.matches("INSERT INTO b VALUES\\(x'[0-9a-f]{8}'\\)"), rewritten);
        assertTrue(rewriter().rewrite("SELECT randomblob(0)", true, true).matches("SELECT x'[0-9a-f]{2}'"),
                "SQLite returns at least one byte");
    }

    @Test
    void randomblobWithANonLiteralSizeIsNotRewritten() {
        assertEquals("SELECT randomblob(?)", rewriter().rewrite("SELECT randomblob(?)", true, true));
    }

    @Test
    void hugeRandomblobIsRefusedClearly() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> rewriter().rewrite("SELECT randomblob(100000000)", true, true));
        assertTrue(refused.getMessage().contains("RANDOMBLOB(100000000) is too large"), refused.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "INSERT INTO t VALUES(datetime('now'))|INSERT INTO t VALUES(datetime(" + NOW + "))",
            "SELECT date('NOW', '+1 day')|SELECT date(" + NOW + ", '+1 day')",
            "SELECT time(\"now\")|SELECT time(" + NOW + ")",
            "SELECT julianday('now'), unixepoch('now')|SELECT julianday(" + NOW + "), unixepoch(" + NOW + ")",
            "SELECT strftime('%s', 'now')|SELECT strftime('%s', " + NOW + ")",
            "SELECT timediff('now', '2020-01-01')|SELECT timediff(" + NOW + ", '2020-01-01')",
            "SELECT datetime('2020-01-01')|SELECT datetime('2020-01-01')",
            "SELECT 'now', now FROM t|SELECT 'now', now FROM t",
            "SELECT CURRENT_TIMESTAMP|SELECT CURRENT_TIMESTAMP"})
    void nowInDateAndTimeFunctionsBecomesAJulianDay(String sql, String expected) {
        assertEquals(expected, rewriter().rewrite(sql, true, true));
    }

    @Test
    void everythingElseStaysByteForByte() {
        String sql = "/* random() */ INSERT INTO \"random()\" VALUES('random()', [now], -- datetime('now')\n ?, :now, x'00')";
        assertEquals(sql, rewriter().rewrite(sql, true, true));
    }

    @Test
    void flagsTurnEachRewriteOff() {
        String sql = "SELECT random(), datetime('now')";
        assertEquals(sql, rewriter().rewrite(sql, false, false));
        assertEquals("SELECT random(), datetime(" + NOW + ")", rewriter().rewrite(sql, false, true));
        assertEquals("SELECT " + firstRandomLong() + ", datetime('now')", rewriter().rewrite(sql, true, false));
    }

    @Test
    void nestedCallsAreRewrittenInside() {
        assertEquals("SELECT abs(" + firstRandomLong() + ") % 10, datetime(" + NOW + ", 'start of day')",
                rewriter().rewrite("SELECT abs(random()) % 10, datetime('now', 'start of day')", true, true));
    }

    @Test
    void unterminatedTextIsLeftForSqliteToReport() {
        String broken = "SELECT random( FROM";
        assertEquals(broken, rewriter().rewrite(broken, true, true));
        String openString = "SELECT datetime('now";
        assertEquals(openString, rewriter().rewrite(openString, true, true));
    }
}
