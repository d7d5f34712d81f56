package org.dhcpfailover.host.config;

import static org.dhcpfailover.host.config.CommonRules.orDefault;
import static org.dhcpfailover.host.config.CommonRules.orEmpty;

import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.Addresses;
import org.dhcpfailover.config.ConfigurationErrors;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.config.JsonPath;

import java.net.Inet4Address;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The cross-field rules of a "Dhcp4" section, and the validated configuration built from it. */
final class Dhcp4Rules {

    private static final JsonPath AT = JsonPath.of(DhcpVersion.DHCPV4.key());
    private static final long DHCPV4_PORT = 67;

    private Dhcp4Rules() {}

    static ConfigurationResult<HostConfiguration> check(
            Dhcp4Section section, Path base, ConfigurationErrors errors) {
        long valid = orDefault(section.validLifetime(), CommonRules.DEFAULT_VALID_LIFETIME);
        List<PoolChecks.CheckedPool> pools =
                CommonRules.checkAddressPools(
                        orEmpty(section.pools()),
                        AddressFamily.IPV4,
                        valid,
                        valid,
                        AT.key("pools"),
                        errors);
        PoolChecks.uniqueNames(pools, errors);
        CommonRules.checkControl(section.control(), AT.key("control"), errors);
        CommonRules.checkHookLibraries(
                orEmpty(section.hooksLibraries()), AT.key("hooks-libraries"), errors);
        return errors.toResult(
                () -> {
                    Path pluginDirectory =
                            CommonRules.directory(
                                    base,
                                    section.pluginDirectory() == null
                                            ? CommonRules.DEFAULT_PLUGIN_DIRECTORY
                                            : section.pluginDirectory());
                    return new HostConfiguration(
                            DhcpVersion.DHCPV4,
                            new ServerAddress(
                                    (Inet4Address)
                                            Addresses.parse(section.serverAddress()).orElseThrow()),
                            CommonRules.listen(section.listen(), DHCPV4_PORT),
                            pluginDirectory,
                            CommonRules.directory(base, section.storeDirectory()),
                            CommonRules.addressPools(
                                    orEmpty(section.pools()), pools, valid, Optional.empty()),
                            List.of(),
                            CommonRules.hookLibraries(
                                    orEmpty(section.hooksLibraries()),
                                    pluginDirectory,
                                    AT.key("hooks-libraries")))
                            .withControl(CommonRules.control(section.control(), base));
                });
    }
}
