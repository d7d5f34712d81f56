package org.dhcpfailover.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Turns each problem Jackson meets while binding (unknown key, wrong type, bad enum value) into a
 * {@link ConfigurationError} and lets binding go on with the value left out, so that one run
 * reports every problem of the file instead of stopping at the first.
 */
final class BindingProblemHandler extends DeserializationProblemHandler {

    private final JsonPath base;
    private final ConfigurationErrors errors;

    BindingProblemHandler(JsonPath base, ConfigurationErrors errors) {
        this.base = base;
        this.errors = errors;
    }

    @Override
    public boolean handleUnknownProperty(
            DeserializationContext ctxt,
            JsonParser p,
            JsonDeserializer<?> deserializer,
            Object beanOrClass,
            String propertyName)
            throws IOException {
        // The parser stands on the unknown key's value, so its path ends with the key.
        errors.add(
                ParserPaths.pathOf(base, p),
                "unknown key (check the spelling; keys are lower case with dashes)");
        p.skipChildren();
        return true;
    }

    @Override
    public Object handleUnexpectedToken(
            DeserializationContext ctxt,
            JavaType targetType,
            JsonToken t,
            JsonParser p,
            String failureMsg)
            throws IOException {
        errors.add(
                ParserPaths.pathOf(base, p),
                "must be " + expected(targetType.getRawClass()) + ", not " + found(t));
        p.skipChildren();
        return null;
    }

    @Override
    public Object handleWeirdStringValue(
            DeserializationContext ctxt,
            Class<?> targetType,
            String valueToConvert,
            String failureMsg)
            throws IOException {
        JsonPath path = ParserPaths.pathOf(base, ctxt.getParser());
        if (targetType.isEnum()) {
            errors.add(path, "\"" + valueToConvert + "\" is not one of: " + enumValues(targetType));
        } else {
            errors.add(path, "must be " + expected(targetType) + ", not a string");
        }
        return null;
    }

    @Override
    public Object handleWeirdNumberValue(
            DeserializationContext ctxt,
            Class<?> targetType,
            Number valueToConvert,
            String failureMsg)
            throws IOException {
        errors.add(
                ParserPaths.pathOf(base, ctxt.getParser()),
                "must be " + expected(targetType) + ", not the number " + valueToConvert);
        return null;
    }

    /** Describes what a Java target type looks like in JSON. */
    static String expected(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == Long.class
                || type == Integer.class
                || type == long.class
                || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of: " + enumValues(type);
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    private static String found(JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
                return "a whole number";
            case VALUE_NUMBER_FLOAT:
                return "a number with a fraction";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return token.asString();
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "a list";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }

    /** The JSON spellings of an enum's constants (their {@link JsonProperty} names). */
    private static String enumValues(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants())
                .map(c -> jsonName(enumType, (Enum<?>) c))
                .collect(Collectors.joining(", "));
    }

    private static String jsonName(Class<?> enumType, Enum<?> constant) {
        try {
            JsonProperty property =
                    enumType.getField(constant.name()).getAnnotation(JsonProperty.class);
            return property == null ? constant.name() : property.value();
        } catch (NoSuchFieldException e) {
            return constant.name();
        }
    }
}
