package io.raftlite.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;

import java.io.IOException;
import java.math.BigDecimal;

/** The two places where Go's encoding/json output differs from Jackson's defaults. */
final class GoStyle {
    private GoStyle() {
    }

    /**
     * A float64 as encoding/json writes it: the shortest digits, fixed notation for magnitudes in
     * [1e-6, 1e21) (so 2.0 is "2"), otherwise exponent notation like "1e+21" and "1e-7".
     */
    static String number(double value) {
        if (value == 0) {
            return "0";
        }
        BigDecimal decimal = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-6 && magnitude < 1e21) {
            return decimal.toPlainString();
        }
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String sign = value < 0 ? "-" : "";
        return sign + mantissa + "e" + (exponent < 0 ? "-" + (-exponent) : "+" + (exponent < 10 ? "0" : "") + exponent);
    }

    /** json.MarshalIndent(v, "", "    "): four spaces, {@code "key": value}, and {@code []} / {@code {}} when empty. */
    static final class PrettyPrinter extends DefaultPrettyPrinter {
        PrettyPrinter() {
            super(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
            DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
            indentArraysWith(indenter);
            indentObjectsWith(indenter);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new PrettyPrinter();
        }

        @Override
        public void writeEndArray(JsonGenerator generator, int values) throws IOException {
            if (values == 0) {
                _nesting--;
                generator.writeRaw(']');
            } else {
                super.writeEndArray(generator, values);
            }
        }

        @Override
        public void writeEndObject(JsonGenerator generator, int entries) throws IOException {
            if (entries == 0) {
                _nesting--;
                generator.writeRaw('}');
            } else {
                super.writeEndObject(generator, entries);
            }
        }
    }
}
