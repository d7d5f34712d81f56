package org.dhcpfailover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

class ConfigurationBinderTest {

    enum Mode {
        @JsonProperty("fast")
        FAST,
        @JsonProperty("slow")
        SLOW
    }

    record Item(
            @NotBlank(message = "is required") String itemName,
            @Min(value = 1, message = "must be at least 1") Long maxCount) {}

    record Sample(
            @NotBlank(message = "is required") String name,
            @Min(value = 1, message = "must be 1 to 65535")
                    @Max(value = 65535, message = "must be 1 to 65535")
                    Long port,
            Mode mode,
            @IpAddress(AddressFamily.IPV6) String address,
            @HexOctets(min = 3, max = 130) String duid,
            @Valid List<@NotNull(message = "must not be null") Item> items) {}

    record Renamed(
            @JsonProperty("interface") @NotBlank(message = "is required") String interfaceName,
            @Port Long port) {}

    private static final JsonPath PREFIX = JsonPath.of("Dhcp6.hooks-libraries[0].parameters");

    private static List<String> errorsOf(String json) {
        ConfigurationErrors errors = new ConfigurationErrors();
        ConfigurationBinder.bind(
                ConfigurationReader.read(json).orElseThrow(), Sample.class, PREFIX, errors);
        return errors.list().stream().map(ConfigurationError::toString).toList();
    }

    @Test
    void bindsAValidDocumentWrittenWithComments() {
        String json =
                """
        { // a sample
          "name": "x", # the name
          /* block */ "port": 647, "mode": "slow", "address": "fd00:99::1", "duid": "00:01:02",
          "items": [ { "item-name": "a", "max-count": 3 } ] }
        """;
        ConfigurationErrors errors = new ConfigurationErrors();
        Optional<Sample> sample =
                ConfigurationBinder.bind(
                        ConfigurationReader.read(json).orElseThrow(), Sample.class, PREFIX, errors);
        assertTrue(errors.isEmpty(), errors.list().toString());
        assertEquals(
                new Sample(
                        "x", 647L, Mode.SLOW, "fd00:99::1", "00:01:02", List.of(new Item("a", 3L))),
                sample.get());
    }

    @Test
    void reportsEveryProblemOfOneDocumentInOneRunWithItsJsonPath() {
        String json =
                """
        { "nmae": "x", "port": 70000, "mode": "medium", "address": "10.0.0.1", "duid": "0:1",
          "items": [ { "item-name": "a", "max-count": 0 }, { "max-count": "3", "colour": 1 }, null ] }
        """;
        assertEquals(
                List.of(
                        "Dhcp6.hooks-libraries[0].parameters.address: \"10.0.0.1\" is an IPv4 address; an IPv6 address such as fd00:99::1 is required here",
                        "Dhcp6.hooks-libraries[0].parameters.duid: must be 3 to 130 hexadecimal octets separated by colons, e.g. 00:01:00:01:2d:24:bd:00",
                        "Dhcp6.hooks-libraries[0].parameters.items[0].max-count: must be at least 1",
                        "Dhcp6.hooks-libraries[0].parameters.items[1].colour: unknown key (check the spelling; keys are lower case with dashes)",
                        "Dhcp6.hooks-libraries[0].parameters.items[1].item-name: is required",
                        "Dhcp6.hooks-libraries[0].parameters.items[1].max-count: must be a whole number, not a string",
                        "Dhcp6.hooks-libraries[0].parameters.items[2]: must not be null",
                        "Dhcp6.hooks-libraries[0].parameters.mode: \"medium\" is not one of: fast, slow",
                        "Dhcp6.hooks-libraries[0].parameters.name: is required",
                        "Dhcp6.hooks-libraries[0].parameters.nmae: unknown key (check the spelling; keys are lower case with dashes)",
                        "Dhcp6.hooks-libraries[0].parameters.port: must be 1 to 65535"),
                errorsOf(json));
    }

    @Test
    void aValueOfTheWrongTypeIsReportedOnceNotAgainAsMissing() {
        assertEquals(
                List.of(
                        "Dhcp6.hooks-libraries[0].parameters.items: must be a list, not a string",
                        "Dhcp6.hooks-libraries[0].parameters.name: must be a string, not an object"),
                errorsOf("{ \"name\": { \"first\": \"x\" }, \"port\": 1, \"items\": \"none\" }"));
    }

    @Test
    void numbersAndStringsAreNeverCoercedIntoEachOther() {
        assertEquals(
                List.of(
                        "Dhcp6.hooks-libraries[0].parameters.name: must be a string, not a whole number",
                        "Dhcp6.hooks-libraries[0].parameters.port: must be a whole number, not a number with a fraction"),
                errorsOf("{ \"name\": 5, \"port\": 1.5 }"));
        assertEquals(
                List.of(
                        "Dhcp6.hooks-libraries[0].parameters.port: must be a whole number, not a string"),
                errorsOf("{ \"name\": \"x\", \"port\": \"647\" }"));
    }

    @Test
    void listIndicesAreOrderedAsNumbers() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            items.append(i == 0 ? "" : ",")
                    .append(i == 2 || i == 10 ? "{}" : "{\"item-name\": \"x\"}");
        }
        assertEquals(
                List.of(
                        "Dhcp6.hooks-libraries[0].parameters.items[2].item-name: is required",
                        "Dhcp6.hooks-libraries[0].parameters.items[10].item-name: is required"),
                errorsOf("{ \"name\": \"x\", \"items\": [" + items + "] }"));
    }

    @Test
    void bindingPathsTranslateToKebabCaseWithIndices() {
        ConfigurationErrors errors = new ConfigurationErrors();
        ConfigurationBinder.bind(
                ConfigurationReader.read(
                                "{\"name\":\"n\",\"items\":[{\"item-name\":\"a\",\"max-count\":-1}]}")
                        .orElseThrow(),
                Sample.class,
                JsonPath.ROOT,
                errors);
        assertEquals(
                List.of(new ConfigurationError("items[0].max-count", "must be at least 1")),
                errors.list());
    }

    @Test
    void aKeyRenamedWithJsonPropertyIsReportedUnderItsJsonName() {
        ConfigurationErrors errors = new ConfigurationErrors();
        ConfigurationBinder.bind(
                ConfigurationReader.read("{ \"port\": 0 }").orElseThrow(),
                Renamed.class,
                JsonPath.of("listen"),
                errors);
        assertEquals(
                List.of(
                        new ConfigurationError("listen.interface", "is required"),
                        new ConfigurationError(
                                "listen.port", "must be a port number from 1 to 65535")),
                errors.list());
    }

    @Test
    void anUnknownKeyHoldingAnObjectOrAListIsSkippedWhole() {
        assertEquals(
                List.of(
                        "Dhcp6.hooks-libraries[0].parameters.extra: unknown key (check the spelling; keys are lower case with dashes)",
                        "Dhcp6.hooks-libraries[0].parameters.more: unknown key (check the spelling; keys are lower case with dashes)"),
                errorsOf(
                        "{ \"name\": \"x\", \"extra\": { \"port\": \"y\", \"a\": [1] }, \"more\": [ { \"b\": 1 } ] }"));
    }

    @Test
    void aNonObjectWhereAnObjectBelongsIsOneError() {
        assertEquals(
                List.of("Dhcp6.hooks-libraries[0].parameters: must be an object, not a list"),
                errorsOf("[1]"));
    }
}
