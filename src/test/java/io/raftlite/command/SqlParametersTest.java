package io.raftlite.command;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlParametersTest {
    @Test
    void numbersParametersTheWaySqliteDoes() {
        SqlParameters parameters = SqlParameters.of("SELECT ?, :name, ?5, ?, @other, :name, '?' , $third");

        assertEquals(Optional.of(2), parameters.indexOf("name"), "? is 1, :name the next");
        assertEquals(Optional.of(7), parameters.indexOf("other"), "?5, then ? is 6, then @other 7");
        assertEquals(Optional.of(8), parameters.indexOf("third"));
        assertEquals(Optional.empty(), parameters.indexOf("missing"));
        assertEquals(8, parameters.count(), "the '?' inside a string is not a parameter");
    }

    @Test
    void recognisesTransactionControlReturningAndStackedStatements() {
        assertTrue(SqlParameters.isTransactionControl("  begin immediate"));
        assertTrue(SqlParameters.isTransactionControl("/* c */ COMMIT"));
        assertFalse(SqlParameters.isTransactionControl("SELECT 'BEGIN'"));
        assertTrue(SqlParameters.hasReturning("INSERT INTO t VALUES(1) RETURNING *"));
        assertFalse(SqlParameters.hasReturning("INSERT INTO t VALUES('returning')"));
        assertTrue(SqlParameters.hasMultipleStatements("SELECT 1; SELECT 2"));
        assertFalse(SqlParameters.hasMultipleStatements("SELECT 1;  ; "));
        assertFalse(SqlParameters.hasMultipleStatements("CREATE TRIGGER t AFTER INSERT ON a BEGIN DELETE FROM b; END"));
        assertTrue(SqlParameters.isEmpty(" -- only a comment"));
    }
}
