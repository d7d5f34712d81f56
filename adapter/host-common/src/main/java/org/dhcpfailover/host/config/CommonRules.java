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

    /**
     * The rules of {@code control} that involve several keys: the key store's password given once,
     * a trust store exactly when clients must authenticate, and no plaintext connector on an
     * address other than loopback unless {@code allow-plaintext} says so (the password and every
     * operation would cross the network in clear).
     */
    static void checkControl(ControlSection control, JsonPath at, ConfigurationErrors errors) {
        if (control == null) {
            return;
        }
        ControlTlsSection tls = control.tls();
        boolean allowPlaintext = Boolean.TRUE.equals(control.allowPlaintext());
        if (tls != null) {
            JsonPath atTls = at.key("tls");
            boolean password = tls.keyStorePassword() != null;
            boolean passwordFile = tls.keyStorePasswordFile() != null && !tls.keyStorePasswordFile().isBlank();
            if (password == passwordFile) {
                errors.add(atTls.key("key-store-password-file"), password
                        ? "give the key store's password once: key-store-password or key-store-password-file, not both"
                        : "is required (or key-store-password): the file whose first line is the key store's password");
            }
            boolean clientAuth = Boolean.TRUE.equals(tls.needClientAuth());
            boolean trustStore = tls.trustStore() != null && !tls.trustStore().isBlank();
            if (clientAuth && !trustStore) {
                errors.add(atTls.key("trust-store"),
                        "is required with need-client-auth: the PEM CA certificates clients' certificates must lead to");
            } else if (!clientAuth && trustStore) {
                errors.add(atTls.key("trust-store"),
                        "is only read with \"need-client-auth\": true; set it, or remove trust-store");
            }
            if (allowPlaintext) {
                errors.add(at.key("allow-plaintext"), "cannot be true with tls: the connector speaks TLS only");
            }
        } else if (!allowPlaintext && control.jmxAddress() != null && Addresses.parse(control.jmxAddress())
                .map(address -> !address.isLoopbackAddress()).orElse(false)) {
            errors.add(at.key("tls"), "is required on an address other than loopback (the password and every "
                    + "operation would cross the network in clear); configure tls, or set \"allow-plaintext\": true");
        }
    }

    /** The {@code control} section, its files resolved against the configuration file's folder. */
    static Optional<ControlConfig> control(ControlSection control, Path base) {
        if (control == null) {
            return Optional.empty();
        }
        Optional<ControlTls> tls = Optional.ofNullable(control.tls()).map(section -> new ControlTls(
                base.resolve(section.keyStore()).normalize(),
                Optional.ofNullable(section.keyStorePassword()),
                Optional.ofNullable(section.keyStorePasswordFile()).filter(f -> !f.isBlank())
                        .map(f -> base.resolve(f).normalize()),
                Boolean.TRUE.equals(section.needClientAuth()),
                Optional.ofNullable(section.trustStore()).filter(f -> !f.isBlank())
                        .map(f -> base.resolve(f).normalize())));
        return Optional.of(new ControlConfig(
                new InetSocketAddress(Addresses.parse(control.jmxAddress()).orElseThrow(),
                        control.jmxPort().intValue()),
                base.resolve(control.passwordFile()).normalize(),
                base.resolve(control.accessFile()).normalize(),
                tls,
                Boolean.TRUE.equals(control.allowPlaintext())));
    }
}
