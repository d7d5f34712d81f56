package org.dhcpfailover.host.config;

import com.fasterxml.jackson.databind.JsonNode;

import org.dhcpfailover.config.ConfigurationBinder;
import org.dhcpfailover.config.ConfigurationErrors;
import org.dhcpfailover.config.ConfigurationReader;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.config.JsonPath;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

/**
 * Reads a host configuration file: exactly one of "Dhcp6" or "Dhcp4" at the top, checked in one
 * pass (binding, bean validation, cross-field rules) so that every problem is reported at once and
 * nothing starts on a configuration with any problem.
 */
public final class HostConfigurationLoader {

    private HostConfigurationLoader() {}

    /** Loads {@code file}; relative directories in it are resolved against the file's folder. */
    public static ConfigurationResult<HostConfiguration> load(Path file) {
        Path base = file.toAbsolutePath().getParent();
        ConfigurationResult<JsonNode> document = ConfigurationReader.read(file);
        return document.isValid()
                ? parse(document.orElseThrow(), base)
                : ConfigurationResult.invalid(document.errors());
    }

    /** Parses configuration text; relative directories are resolved against {@code baseDirectory}. */
    public static ConfigurationResult<HostConfiguration> parse(String json, Path baseDirectory) {
        ConfigurationResult<JsonNode> document = ConfigurationReader.read(json);
        return document.isValid()
                ? parse(document.orElseThrow(), baseDirectory.toAbsolutePath())
                : ConfigurationResult.invalid(document.errors());
    }

    private static ConfigurationResult<HostConfiguration> parse(JsonNode document, Path base) {
        ConfigurationErrors errors = new ConfigurationErrors();
        if (!document.isObject()) {
            errors.add(
                    JsonPath.ROOT,
                    "the document must be a JSON object holding \"Dhcp6\" or \"Dhcp4\"");
            return errors.invalidResult();
        }
        for (Iterator<String> keys = document.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!key.equals(DhcpVersion.DHCPV6.key()) && !key.equals(DhcpVersion.DHCPV4.key())) {
                errors.add(
                        JsonPath.ROOT.key(key),
                        "unknown key; a configuration file holds \"Dhcp6\" or \"Dhcp4\"");
            }
        }
        JsonNode dhcp6 = document.get(DhcpVersion.DHCPV6.key());
        JsonNode dhcp4 = document.get(DhcpVersion.DHCPV4.key());
        if (dhcp6 != null && dhcp4 != null) {
            errors.add(
                    JsonPath.ROOT.key(DhcpVersion.DHCPV4.key()),
                    "a file configures one server, so it holds either"
                            + " \"Dhcp6\" or \"Dhcp4\", not both; write one file per server");
            return errors.invalidResult();
        }
        if (dhcp6 == null && dhcp4 == null) {
            errors.add(
                    JsonPath.ROOT,
                    "neither \"Dhcp6\" nor \"Dhcp4\" is present; the file configures no server");
            return errors.invalidResult();
        }
        return dhcp6 != null
                ? bind(dhcp6, Dhcp6Section.class, DhcpVersion.DHCPV6, errors)
                        .map(s -> Dhcp6Rules.check(s, base, errors))
                        .orElseGet(() -> errors.invalidResult())
                : bind(dhcp4, Dhcp4Section.class, DhcpVersion.DHCPV4, errors)
                        .map(s -> Dhcp4Rules.check(s, base, errors))
                        .orElseGet(() -> errors.invalidResult());
    }

    private static <T> Optional<T> bind(
            JsonNode node, Class<T> type, DhcpVersion version, ConfigurationErrors errors) {
        JsonPath at = JsonPath.of(version.key());
        if (!node.isObject()) {
            errors.add(at, "must be an object holding the server's configuration");
            return Optional.empty();
        }
        return ConfigurationBinder.bind(node, type, at, errors);
    }
}
