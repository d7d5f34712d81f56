package org.dhcpfailover.plugin.hook;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.HostLeases;

/** A host's lease table as simple as a host may keep it: one lease per address. */
final class HostLeaseTable implements HostLeases {
    final Map<InetAddress, HostLease> leases = new ConcurrentHashMap<>();

    @Override
    public void apply(HostLease lease) {
        leases.put(lease.address(), lease);
    }

    @Override
    public void forEach(Consumer<HostLease> each) {
        leases.values().forEach(each);
    }

    Optional<HostLease> at(InetAddress address) {
        return Optional.ofNullable(leases.get(address));
    }
}
