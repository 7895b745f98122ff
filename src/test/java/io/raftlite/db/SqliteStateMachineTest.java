package io.raftlite.db;

import io.raftlite.api.SqlValue;
import io.raftlite.api.Statement;
import io.raftlite.api.StatementResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SQLite state machine on a real file: rqlite's request semantics, and exactly-once application. */
class SqliteStateMachineTest {
    @TempDir
    Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private long nextIndex = 1;

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable resource : opened) {
            resource.close();
        }
    }

    private SqliteStateMachine open() {
        SqliteStateMachine machine = SqliteStateMachine.open(dir.resolve("db.sqlite"));
        opened.add(machine);
        return machine;
    }

    private AppliedEntry entry(boolean transaction, Statement... statements) {
        return TestDatabases.entry(nextIndex++, 1, transaction, statements);
    }

    private List<StatementResult> apply(SqliteStateMachine machine, boolean transaction, Statement... statements) {
        return machine.apply(List.of(entry(transaction, statements))).get(0);
    }

    private static List<StatementResult> withoutTimes(List<StatementResult> results) {
        return results.stream().map(result -> {
            if (result instanceof StatementResult.Executed executed) {
                return (StatementResult) new StatementResult.Executed(executed.lastInsertId(), executed.rowsAffected(), 0);
            }
            if (result instanceof StatementResult.Failed failed) {
                return new StatementResult.Failed(failed.error(), 0);
            }
            StatementResult.Rows rows = (StatementResult.Rows) result;
            return new StatementResult.Rows(rows.columns(), rows.types(), rows.rows(), 0);
        }).toList();
    }

    @Test
    void executesStatementsWithParametersAndReportsRqliteResults() {
        SqliteStateMachine machine = open();

        List<StatementResult> results = withoutTimes(apply(machine, false,
                Statement.of("CREATE TABLE foo (id INTEGER PRIMARY KEY, name TEXT, age INTEGER)"),
                Statement.of("INSERT INTO foo(name, age) VALUES(?, ?)", SqlValue.of("fiona"), SqlValue.of(20)),
                new Statement("INSERT INTO foo(name, age) VALUES(:n, @a)", List.of(), Map.of("n", SqlValue.of("declan"), "a", SqlValue.of(31))),
                Statement.of("UPDATE foo SET age = age + 1 WHERE age > 100")));

        assertEquals(List.of(new StatementResult.Executed(0, 0, 0), new StatementResult.Executed(1, 1, 0),
                new StatementResult.Executed(2, 1, 0), new StatementResult.Executed(0, 0, 0)), results);
    }

    @Test
    void withoutTransactionAFailedStatementIsSkippedAndTheRestGoOn() {
        SqliteStateMachine machine = open();
        apply(machine, false, Statement.of("CREATE TABLE foo (name TEXT)"));

        List<StatementResult> results = withoutTimes(apply(machine, false,
                Statement.of("INSERT INTO foo VALUES('a')"), Statement.of("INSERT INTO nope VALUES(1)"), Statement.of("INSERT INTO foo VALUES('b')")));

        assertEquals(new StatementResult.Failed("no such table: nope", 0), results.get(1));
        assertEquals(3, results.size());
        assertEquals(2, count("foo"));
    }

    @Test
    void withTransactionTheFirstFailureRollsBackTheRequestAndStopsIt() {
        SqliteStateMachine machine = open();
        apply(machine, false, Statement.of("CREATE TABLE foo (name TEXT)"));

        List<StatementResult> results = withoutTimes(apply(machine, true,
                Statement.of("INSERT INTO foo VALUES('a')"), Statement.of("INSERT INTO nope VALUES(1)"), Statement.of("INSERT INTO foo VALUES('b')")));

        assertEquals(List.of(new StatementResult.Executed(1, 1, 0), new StatementResult.Failed("no such table: nope", 0)), results);
        assertEquals(0, count("foo"), "the first insert was rolled back with the request");
    }

    @Test
    void returningStatementsReturnRowsAndOtherReadsOnExecuteDoNot() {
        SqliteStateMachine machine = open();
        apply(machine, false, Statement.of("CREATE TABLE foo (id INTEGER PRIMARY KEY, name varchar(255))"));

        List<StatementResult> results = withoutTimes(apply(machine, false,
                Statement.of("INSERT INTO foo(name) VALUES('x') RETURNING id, name"), Statement.of("SELECT * FROM foo")));

        assertEquals(new StatementResult.Rows(List.of("id", "name"), List.of("integer", "varchar(255)"),
                List.of(List.of(SqlValue.of(1), SqlValue.of("x"))), 0), results.get(0));
        assertEquals(new StatementResult.Executed(0, 0, 0), results.get(1));
    }

    @Test
    void explicitTransactionControlAndStackedStatementsAreRefusedClearly() {
        SqliteStateMachine machine = open();

        List<StatementResult> results = apply(machine, false, Statement.of("BEGIN"), Statement.of("CREATE TABLE a(x); CREATE TABLE b(y)"),
                Statement.of("CREATE TRIGGER t AFTER INSERT ON sqlite_master BEGIN SELECT 1; SELECT CASE WHEN 1 THEN 2 END; END"));

        assertTrue(((StatementResult.Failed) results.get(0)).error().contains("use the transaction parameter"));
        assertTrue(((StatementResult.Failed) results.get(1)).error().contains("more than one statement"));
        assertTrue(!((StatementResult.Failed) results.get(2)).error().contains("more than one statement"),
                "a trigger body's semicolons belong to one statement");
    }

    @Test
    void appliedIndexSurvivesReopeningAndEntriesAreNeverAppliedTwice() {
        SqliteStateMachine machine = open();
        AppliedEntry create = entry(false, Statement.of("CREATE TABLE foo (name TEXT)"));
        AppliedEntry insert = entry(false, Statement.of("INSERT INTO foo VALUES('once')"));
        machine.apply(List.of(create, insert, AppliedEntry.nothingToRun(3, 1)));
        machine.close();

        SqliteStateMachine reopened = open();
        assertEquals(3, reopened.lastAppliedIndex());
        List<List<StatementResult>> again = reopened.apply(List.of(insert, AppliedEntry.nothingToRun(3, 1)));

        assertEquals(List.of(List.of(), List.of()), again, "entries at or below the applied index are skipped");
        assertEquals(1, count("foo"));
    }

    /** Counts rows through a connection of its own, as an external reader would. */
    private long count(String table) {
        return TestDatabases.queryLong(dir.resolve("db.sqlite"), "SELECT count(*) FROM " + table);
    }
}
