package org.dhcpfailover.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;

/**
 * Scalar deserializers that accept exactly one JSON type each and hand anything else to the
 * problem handler (instead of Jackson's coercion checks, which throw and end the run): a quoted
 * {@code "647"} is not a port and {@code 5} is not a name.
 */
final class StrictScalarDeserializers {

    private StrictScalarDeserializers() {}

    /** The module registering the strict deserializers for {@code String}, {@code Long} and {@code Boolean}. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("strict-scalars");
        module.addDeserializer(String.class, new StrictString());
        module.addDeserializer(Long.class, new StrictLong());
        module.addDeserializer(Boolean.class, new StrictBoolean());
        return module;
    }

    private static final class StrictString extends JsonDeserializer<String> {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.hasToken(JsonToken.VALUE_STRING)
                    ? p.getText()
                    : (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }

    private static final class StrictLong extends JsonDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_NUMBER_INT)) {
                return (Long) ctxt.handleUnexpectedToken(Long.class, p);
            }
            try {
                return p.getLongValue();
            } catch (InputCoercionException e) {
                return (Long)
                        ctxt.handleWeirdNumberValue(Long.class, p.getNumberValue(), "out of range");
            }
        }
    }

    private static final class StrictBoolean extends JsonDeserializer<Boolean> {
        @Override
        public Boolean deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            return p.currentToken() != null && p.currentToken().isBoolean()
                    ? p.getBooleanValue()
                    : (Boolean) ctxt.handleUnexpectedToken(Boolean.class, p);
        }
    }
}
