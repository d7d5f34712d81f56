package org.dhcpfailover.plugin.hook;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhcpfailover.hook.spi.DhcpFamily;
import org.dhcpfailover.hook.spi.HookContext;
import org.dhcpfailover.hook.spi.HostLeases;
import org.dhcpfailover.hook.spi.PoolDescription;
import org.dhcpfailover.hook.spi.ResourceKind;

/** What a host hands the hook: its pools, its lease table, its store directory, its clock. */
record TestHost(String parametersJson, Path storeDirectory, List<PoolDescription> pools, HostLeaseTable table,
        Clock clock) implements HookContext {

    static final String PARAMETERS_PATH = "Dhcp6.hooks-libraries[0].parameters";

    /** Eight addresses, of which the primary owns the odd ones (RFC 8156 §4.2.1). */
    static final PoolDescription LAN = pool("lan", ResourceKind.IPV6_ADDRESS, "2001:db8:1::10", "2001:db8:1::17", 128);
    /** Eight IPv4 addresses, proportional (the default for IPv4, docs/protocol.md §2). */
    static final PoolDescription V4 = pool("v4", ResourceKind.IPV4_ADDRESS, "10.99.0.100", "10.99.0.107", 32);
    /** Eight delegable /56 prefixes (RFC 8156 §4.2.2). */
    static final PoolDescription PD = pool("pd", ResourceKind.IPV6_PREFIX, "2001:db8:100::",
            "2001:db8:100:7ff:ffff:ffff:ffff:ffff", 56);
    /** A pool no relationship covers: the hook has no say over it. */
    static final PoolDescription OTHER = pool("other", ResourceKind.IPV6_ADDRESS, "2001:db8:9::1", "2001:db8:9::ff",
            128);
    static final List<PoolDescription> POOLS = List.of(LAN, V4, PD, OTHER);

    static PoolDescription pool(String name, ResourceKind kind, String first, String last, int length) {
        return new PoolDescription(name, kind, address(first), address(last), length, Duration.ofHours(1),
                kind == ResourceKind.IPV4_ADDRESS ? Optional.empty() : Optional.of(Duration.ofMinutes(30)));
    }

    static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Override
    public DhcpFamily family() {
        return DhcpFamily.DHCPV6;
    }

    @Override
    public String parametersPath() {
        return PARAMETERS_PATH;
    }

    @Override
    public HostLeases hostLeases() {
        return table;
    }
}
