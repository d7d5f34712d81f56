package org.dhcpfailover.plugin.config;

import com.fasterxml.jackson.databind.JsonNode;

import org.dhcpfailover.config.ConfigurationBinder;
import org.dhcpfailover.config.ConfigurationErrors;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.config.JsonPath;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Validates the failover library's "parameters" against the host's pools and builds
 * {@link FailoverParameters}. Problems are reported below the path the host gives (e.g.
 * {@code Dhcp6.hooks-libraries[0].parameters}), all of them in one run.
 */
public final class FailoverParametersParser {

    private FailoverParametersParser() {}

    /**
     * @param parameters the library's "parameters" object, as the host passed it
     * @param pathPrefix the JSON path of {@code parameters} in the host's file
     * @param hostPools the host's pools, which relationships name
     */
    public static ConfigurationResult<FailoverParameters> parse(
            JsonNode parameters, String pathPrefix, List<HostPool> hostPools) {
        JsonPath at = JsonPath.of(pathPrefix);
        ConfigurationErrors errors = new ConfigurationErrors();
        if (parameters == null || !parameters.isObject()) {
            errors.add(at, "must be an object holding \"failover\", the list of relationships");
            return errors.invalidResult();
        }
        Map<String, HostPool> pools =
                hostPools.stream()
                        .collect(
                                Collectors.toMap(HostPool::name, Function.identity(), (a, b) -> a));
        return ConfigurationBinder.bind(parameters, FailoverParametersSection.class, at, errors)
                .map(
                        section ->
                                new RelationshipRules(pools, at.key("failover"), errors)
                                        .check(section.failover()))
                .orElseGet(errors::invalidResult);
    }
}
