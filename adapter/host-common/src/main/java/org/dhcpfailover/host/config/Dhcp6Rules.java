package org.dhcpfailover.host.config;

import static org.dhcpfailover.host.config.CommonRules.orDefault;
import static org.dhcpfailover.host.config.CommonRules.orEmpty;

import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.Addresses;
import org.dhcpfailover.config.ConfigurationErrors;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.config.HexOctetsValidator;
import org.dhcpfailover.config.JsonPath;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cross-field rules of a "Dhcp6" section, and the validated configuration built from it. */
final class Dhcp6Rules {

    private static final JsonPath AT = JsonPath.of(DhcpVersion.DHCPV6.key());
    private static final long DHCPV6_PORT = 547;

    private Dhcp6Rules() {}

    static ConfigurationResult<HostConfiguration> check(
            Dhcp6Section section, Path base, ConfigurationErrors errors) {
        long valid = orDefault(section.validLifetime(), CommonRules.DEFAULT_VALID_LIFETIME);
        long preferred =
                orDefault(section.preferredLifetime(), CommonRules.DEFAULT_PREFERRED_LIFETIME);
        PoolChecks.preferredWithinValid(
                section.validLifetime(),
                section.preferredLifetime(),
                CommonRules.DEFAULT_VALID_LIFETIME,
                CommonRules.DEFAULT_PREFERRED_LIFETIME,
                AT,
                errors);
        List<PoolChecks.CheckedPool> addressPools =
                CommonRules.checkAddressPools(
                        orEmpty(section.pools()),
                        AddressFamily.IPV6,
                        valid,
                        preferred,
                        AT.key("pools"),
                        errors);
        List<PoolChecks.CheckedPool> prefixPools =
                checkPrefixPools(orEmpty(section.pdPools()), valid, preferred, errors);
        List<PoolChecks.CheckedPool> all = new ArrayList<>(addressPools);
        all.addAll(prefixPools);
        PoolChecks.uniqueNames(all, errors);
        CommonRules.checkControl(section.control(), AT.key("control"), errors);
        CommonRules.checkHookLibraries(
                orEmpty(section.hooksLibraries()), AT.key("hooks-libraries"), errors);
        return errors.toResult(() -> build(section, base, addressPools, valid, preferred));
    }

    private static List<PoolChecks.CheckedPool> checkPrefixPools(
            List<PdPoolSection> pools, long valid, long preferred, ConfigurationErrors errors) {
        List<PoolChecks.CheckedPool> checked = new ArrayList<>();
        for (int i = 0; i < pools.size(); i++) {
            PdPoolSection pool = pools.get(i);
            JsonPath path = AT.key("pd-pools").index(i);
            if (pool == null) {
                continue;
            }
            PoolChecks.preferredWithinValid(
                    pool.validLifetime(), pool.preferredLifetime(), valid, preferred, path, errors);
            checked.add(
                    new PoolChecks.CheckedPool(pool.name(), path, prefixRange(pool, path, errors)));
        }
        PoolChecks.noOverlap(checked, "prefix", errors);
        return checked;
    }

    private static Optional<AddressRange> prefixRange(
            PdPoolSection pool, JsonPath path, ConfigurationErrors errors) {
        Optional<InetAddress> prefix = Addresses.parse(pool.prefix(), AddressFamily.IPV6);
        if (prefix.isEmpty() || !isLength(pool.prefixLen()) || !isLength(pool.delegatedLen())) {
            return Optional.empty();
        }
        int length = pool.prefixLen().intValue();
        if (pool.delegatedLen() < pool.prefixLen()) {
            errors.add(
                    path.key("delegated-len"),
                    "is "
                            + pool.delegatedLen()
                            + ", shorter than prefix-len "
                            + length
                            + "; delegated prefixes are carved out of the pool's prefix, so they cannot be shorter than it (RFC 3633 §12.2)");
        }
        if (!AddressRange.isNetworkAddress(prefix.get(), length)) {
            errors.add(
                    path.key("prefix"),
                    pool.prefix()
                            + " has address bits set after the first "
                            + length
                            + " bits; write "
                            + AddressRange.ofPrefix(prefix.get(), length).first().getHostAddress());
            return Optional.empty();
        }
        return Optional.of(AddressRange.ofPrefix(prefix.get(), length));
    }

    private static boolean isLength(Long length) {
        return length != null && length >= 0 && length <= 128;
    }

    private static HostConfiguration build(
            Dhcp6Section section,
            Path base,
            List<PoolChecks.CheckedPool> checked,
            long valid,
            long preferred) {
        List<PrefixPool> prefixPools =
                orEmpty(section.pdPools()).stream()
                        .map(
                                p ->
                                        new PrefixPool(
                                                p.name(),
                                                Addresses.parse(p.prefix()).orElseThrow(),
                                                p.prefixLen().intValue(),
                                                p.delegatedLen().intValue(),
                                                Duration.ofSeconds(
                                                        orDefault(p.validLifetime(), valid)),
                                                Duration.ofSeconds(
                                                        orDefault(
                                                                p.preferredLifetime(), preferred))))
                        .toList();
        Path pluginDirectory =
                CommonRules.directory(
                        base,
                        section.pluginDirectory() == null
                                ? CommonRules.DEFAULT_PLUGIN_DIRECTORY
                                : section.pluginDirectory());
        return new HostConfiguration(
                DhcpVersion.DHCPV6,
                new Duid(HexOctetsValidator.parse(section.serverDuid())),
                CommonRules.listen(section.listen(), DHCPV6_PORT),
                pluginDirectory,
                CommonRules.directory(base, section.storeDirectory()),
                CommonRules.addressPools(
                        orEmpty(section.pools()), checked, valid, Optional.of(preferred)),
                prefixPools,
                CommonRules.hookLibraries(
                        orEmpty(section.hooksLibraries()),
                        pluginDirectory,
                        AT.key("hooks-libraries")))
                .withControl(CommonRules.control(section.control(), base));
    }
}
