package org.dhcpfailover.host.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.Addresses;
import org.dhcpfailover.config.ConfigurationErrors;
import org.dhcpfailover.config.JsonPath;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The parts of the host configuration that DHCPv6 and DHCPv4 share. */
final class CommonRules {

    static final long DEFAULT_VALID_LIFETIME = 7200;
    static final long DEFAULT_PREFERRED_LIFETIME = 3600;
    static final String DEFAULT_PLUGIN_DIRECTORY = "plugins";

    private CommonRules() {}

    static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    static long orDefault(Long value, long defaultValue) {
        return value == null ? defaultValue : value;
    }

    /** Checks the address pools; returns their ranges (empty where a range did not parse), in order. */
    static List<PoolChecks.CheckedPool> checkAddressPools(
            List<? extends AddressPoolSection> pools,
            AddressFamily family,
            long validLifetime,
            long preferredLifetime,
            JsonPath at,
            ConfigurationErrors errors) {
        List<PoolChecks.CheckedPool> checked = new ArrayList<>();
        for (int i = 0; i < pools.size(); i++) {
            AddressPoolSection pool = pools.get(i);
            JsonPath path = at.index(i);
            if (pool == null) {
                continue;
            }
            Optional<AddressRange> range =
                    pool.pool() == null
                            ? Optional.empty()
                            : PoolRangeParser.parse(pool.pool(), family, path.key("pool"), errors);
            if (family == AddressFamily.IPV6) {
                PoolChecks.preferredWithinValid(
                        pool.validLifetime(),
                        pool.preferredLifetime(),
                        validLifetime,
                        preferredLifetime,
                        path,
                        errors);
            }
            checked.add(new PoolChecks.CheckedPool(pool.name(), path, range));
        }
        PoolChecks.noOverlap(checked, "pool", errors);
        return checked;
    }

    /** The validated address pools, in the order written. */
    static List<AddressPool> addressPools(
            List<? extends AddressPoolSection> pools,
            List<PoolChecks.CheckedPool> checked,
            long validLifetime,
            Optional<Long> preferredLifetime) {
        List<AddressPool> result = new ArrayList<>();
        for (int i = 0; i < pools.size(); i++) {
            AddressPoolSection pool = pools.get(i);
            result.add(
                    new AddressPool(
                            pool.name(),
                            checked.get(i).range().orElseThrow(),
                            Duration.ofSeconds(orDefault(pool.validLifetime(), validLifetime)),
                            preferredLifetime.map(
                                    p ->
                                            Duration.ofSeconds(
                                                    orDefault(pool.preferredLifetime(), p)))));
        }
        return result;
    }

    static ListenConfig listen(ListenSection listen, long defaultPort) {
        return new ListenConfig(
                listen.interfaceName(),
                new InetSocketAddress(
                        Addresses.parse(listen.address()).orElseThrow(),
                        (int) orDefault(listen.port(), defaultPort)));
    }

    /** A relative directory is resolved against the configuration file's folder, not the working directory. */
    static Path directory(Path base, String directory) {
        return base.resolve(directory).normalize();
    }

    /** Hook library "parameters" must be an object when present (absent means no parameters). */
    static void checkHookLibraries(
            List<HookLibrarySection> hooks, JsonPath at, ConfigurationErrors errors) {
        for (int i = 0; i < hooks.size(); i++) {
            HookLibrarySection hook = hooks.get(i);
            if (hook != null && hook.parameters() != null && !hook.parameters().isObject()) {
                errors.addUnlessReported(
                        at.index(i).key("parameters"),
                        "must be an object, the library's own settings");
            }
        }
    }

    static List<HookLibrary> hookLibraries(
            List<HookLibrarySection> hooks, Path pluginDirectory, JsonPath at) {
        List<HookLibrary> result = new ArrayList<>();
        for (int i = 0; i < hooks.size(); i++) {
            HookLibrarySection hook = hooks.get(i);
            JsonNode parameters =
                    hook.parameters() == null
                            ? JsonNodeFactory.instance.objectNode()
                            : hook.parameters();
            result.add(
                    new HookLibrary(
                            hook.library(),
                            pluginDirectory.resolve(hook.library()).normalize(),
                            parameters,
                            at.index(i).key("parameters").text()));
        }
        return result;
    }

    /** The {@code control} section, its files resolved against the configuration file's folder. */
    static Optional<ControlConfig> control(ControlSection control, Path base) {
        if (control == null) {
            return Optional.empty();
        }
        return Optional.of(new ControlConfig(
                new InetSocketAddress(Addresses.parse(control.jmxAddress()).orElseThrow(),
                        control.jmxPort().intValue()),
                base.resolve(control.passwordFile()).normalize(),
                base.resolve(control.accessFile()).normalize()));
    }
}
