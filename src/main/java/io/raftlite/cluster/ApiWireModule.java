package io.raftlite.cluster;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.raftlite.api.SqlOutcome;
import io.raftlite.api.SqlValue;
import io.raftlite.api.StatementResult;

/**
 * Teaches Pekko's Jackson serializer the api's sealed types, which cross the network inside
 * forwarded requests and their answers: the api package stays JDK-only, so the type names are
 * given here as mix-ins. Registered in reference.conf (pekko.serialization.jackson.jackson-modules).
 */
public final class ApiWireModule extends SimpleModule {
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = SqlValue.Null.class, name = "null"),
            @JsonSubTypes.Type(value = SqlValue.Int.class, name = "int"),
            @JsonSubTypes.Type(value = SqlValue.Real.class, name = "real"),
            @JsonSubTypes.Type(value = SqlValue.Text.class, name = "text"),
            @JsonSubTypes.Type(value = SqlValue.Bool.class, name = "bool"),
            @JsonSubTypes.Type(value = SqlValue.Blob.class, name = "blob")})
    private interface SqlValueTypes {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = StatementResult.Executed.class, name = "executed"),
            @JsonSubTypes.Type(value = StatementResult.Rows.class, name = "rows"),
            @JsonSubTypes.Type(value = StatementResult.Failed.class, name = "failed")})
    private interface StatementResultTypes {
    }

    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "t")
    @JsonSubTypes({
            @JsonSubTypes.Type(value = SqlOutcome.Answered.class, name = "answered"),
            @JsonSubTypes.Type(value = SqlOutcome.Rejected.class, name = "rejected"),
            @JsonSubTypes.Type(value = SqlOutcome.OutcomeUnknown.class, name = "unknown"),
            @JsonSubTypes.Type(value = SqlOutcome.Redirect.class, name = "redirect"),
            @JsonSubTypes.Type(value = SqlOutcome.LeaderNotFound.class, name = "no-leader")})
    private interface SqlOutcomeTypes {
    }

    public ApiWireModule() {
        super("raftlite-api-wire");
        setMixInAnnotation(SqlValue.class, SqlValueTypes.class);
        setMixInAnnotation(StatementResult.class, StatementResultTypes.class);
        setMixInAnnotation(SqlOutcome.class, SqlOutcomeTypes.class);
    }
}
