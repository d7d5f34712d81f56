package org.dhcpfailover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.util.List;

class ConfigurationResultTest {

    @Test
    void anInvalidResultThrowsAnExceptionListingEveryErrorOnItsOwnLine() {
        ConfigurationResult<String> result =
                ConfigurationResult.invalid(
                        List.of(
                                new ConfigurationError("Dhcp6.listen.port", "must be 1 to 65535"),
                                new ConfigurationError("Dhcp6.pools[0].name", "is required")));
        assertFalse(result.isValid());
        ConfigurationException e = assertThrows(ConfigurationException.class, result::orElseThrow);
        assertEquals(
                "invalid configuration (2 errors):\n"
                        + "Dhcp6.listen.port: must be 1 to 65535\n"
                        + "Dhcp6.pools[0].name: is required",
                e.getMessage());
        assertEquals(result.errors(), e.errors());
    }

    @Test
    void anInvalidResultHasAtLeastOneError() {
        assertThrows(IllegalArgumentException.class, () -> ConfigurationResult.invalid(List.of()));
    }

    @Test
    void errorsAreReportedOnceAndFollowUpsOnAFailedValueAreDropped() {
        ConfigurationErrors errors = new ConfigurationErrors();
        errors.add(JsonPath.of("a.b"), "must be an object, not a list");
        errors.add(JsonPath.of("a.b"), "must be an object, not a list");
        errors.addUnlessReported(JsonPath.of("a.b"), "is required");
        errors.addUnlessReported(JsonPath.of("a.b.c"), "is required");
        errors.addUnlessReported(JsonPath.of("a.bc"), "is required");
        assertEquals(
                List.of(
                        new ConfigurationError("a.b", "must be an object, not a list"),
                        new ConfigurationError("a.bc", "is required")),
                errors.list());
    }

    @Test
    void jsonPathsReadTheWayTheyAreWritten() {
        assertEquals(
                "Dhcp6.pools[2].valid-lifetime",
                JsonPath.ROOT.key("Dhcp6").key("pools").index(2).key("valid-lifetime").text());
        assertEquals("x", new ConfigurationError("", "x").toString());
    }
}
