package io.raftlite.api;

import java.util.Arrays;
import java.util.Base64;

/**
 * A value bound to a statement parameter or read from a result row, in SQLite's storage classes
 * (plus booleans, which rqlite reports for columns declared BOOLEAN). Integers keep all 64 bits.
 */
public sealed interface SqlValue extends ApiMessage {

    record Null() implements SqlValue {
    }

    record Int(long value) implements SqlValue {
    }

    record Real(double value) implements SqlValue {
    }

    record Text(String value) implements SqlValue {
    }

    record Bool(boolean value) implements SqlValue {
    }

    record Blob(byte[] value) implements SqlValue {
        @Override
        public boolean equals(Object other) {
            return other instanceof Blob that && Arrays.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Blob[" + Base64.getEncoder().encodeToString(value) + "]";
        }
    }

    SqlValue NULL = new Null();

    static SqlValue of(long value) {
        return new Int(value);
    }

    static SqlValue of(double value) {
        return new Real(value);
    }

    static SqlValue of(String value) {
        return value == null ? NULL : new Text(value);
    }

    static SqlValue of(byte[] value) {
        return value == null ? NULL : new Blob(value);
    }
}
