package org.dhcpfailover.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper every configuration goes through, set up to be strict: JSON keys are
 * kebab-case (as in Kea), unknown keys fail (they are usually typos), and no value changes type
 * behind the operator's back ({@code "647"} is not a port, {@code 1.5} is not a whole number).
 * Comments are allowed so that files can explain themselves.
 */
public final class ConfigurationMapper {

    private static final ObjectMapper MAPPER = create();

    private ConfigurationMapper() {}

    /** The shared, thread-safe mapper. */
    public static ObjectMapper get() {
        return MAPPER;
    }

    /** Translates a Java property name to its JSON key, e.g. {@code validLifetime} to {@code valid-lifetime}. */
    public static String jsonKey(String javaName) {
        return ((PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.KEBAB_CASE)
                .translate(javaName);
    }

    private static ObjectMapper create() {
        return JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .addModule(StrictScalarDeserializers.module())
                .build();
    }
}
