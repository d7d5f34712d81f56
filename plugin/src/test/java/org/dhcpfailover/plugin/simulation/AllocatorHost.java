package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dhcpfailover.plugin.allocation.AllocationResult;
import org.dhcpfailover.plugin.allocation.PoolSpec;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.PoolKind;
import org.dhcpfailover.plugin.sync.LeaseChange;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * The allocation simulation's host: both servers serve three deliberately tiny pools through the
 * plugin's {@code Allocator}, with more clients than resources:
 * <ul>
 *   <li>{@value #V4}: 16 IPv4 addresses {@code ::ffff:10.99.0.1} – {@code ::ffff:10.99.0.16}
 *       (docs/protocol.md §2), proportional, secondary share {@value #SHARE} %, {@value #V4_CLIENTS}
 *       DHCPv4 clients;</li>
 *   <li>{@value #PD}: 8 delegable /56 prefixes of 2001:db8::/53, proportional (RFC 8156 §4.2.2),
 *       share {@value #SHARE} %, {@value #PD_CLIENTS} IA_PD clients;</li>
 *   <li>{@value #V6}: 16 addresses fd00::1 – fd00::10, independent (§4.2.1), {@value #V6_CLIENTS}
 *       IA_NA clients.</li>
 * </ul>
 * A client asks every server that is up: the allocator answers "not serving" where the state
 * must stay silent (digest §6.1), and the client then hears only the other; a renewal, at either
 * server, names the lease held ({@code Allocator.renew}, RFC 8156 §4.2.2.1), as a DHCPv4
 * REQUEST's ciaddr does: that lease renewed, or NoBinding and the client tries again later.
 */
final class AllocatorHost implements ClientHost {

    static final String V4 = "v4";
    static final String PD = "pd";
    static final String V6 = "v6";
    static final int SHARE = 50;
    static final int V4_CLIENTS = 12;
    static final int PD_CLIENTS = 10;
    static final int V6_CLIENTS = 6;
    private static final int V4_SIZE = 16;
    private static final int PD_SIZE = 8;
    private static final int V6_SIZE = 16;
    private static final long V4_MAPPED = 0x0000_ffff_0a63_0000L; // ::ffff:10.99.0.0
    private static final long PD_HIGH = 0x2001_0db8_0000_0000L; // 2001:db8::
    private static final long V6_HIGH = 0xfd00_0000_0000_0000L; // fd00::

    static final List<PoolSpec> POOLS = List.of(
            PoolSpec.proportional(V4, PoolKind.IPV4_ADDRESS, new Ipv6Address(0, V4_MAPPED + 1),
                    new Ipv6Address(0, V4_MAPPED + V4_SIZE), 128, SHARE),
            PoolSpec.proportional(PD, PoolKind.IPV6_PREFIX, new Ipv6Address(PD_HIGH, 0),
                    new Ipv6Address(PD_HIGH + 0x100 * PD_SIZE - 1, -1L), 56, SHARE),
            PoolSpec.independent(V6, PoolKind.IPV6_ADDRESS, new Ipv6Address(V6_HIGH, 1),
                    new Ipv6Address(V6_HIGH, V6_SIZE)));

    private final List<Requester> requesters = new ArrayList<>();
    private final Map<String, List<Lease>> resources = new TreeMap<>();
    /** "exhausted v4", "silent" …: the answers that were not grants. */
    final Map<String, Long> refusals = new TreeMap<>();

    AllocatorHost() {
        List<Lease> v4 = new ArrayList<>();
        List<Lease> pd = new ArrayList<>();
        List<Lease> v6 = new ArrayList<>();
        for (int i = 1; i <= V4_SIZE; i++) {
            v4.add(Lease.address(new Ipv6Address(0, V4_MAPPED + i)));
        }
        for (int i = 0; i < PD_SIZE; i++) {
            pd.add(Lease.prefix(new Ipv6Address(PD_HIGH + 0x100L * i, 0), 56));
        }
        for (int i = 1; i <= V6_SIZE; i++) {
            v6.add(Lease.address(new Ipv6Address(V6_HIGH, i)));
        }
        resources.put(V4, v4);
        resources.put(PD, pd);
        resources.put(V6, v6);
        addRequesters(V4, 0xc4, IaType.IA_NA, 0, V4_CLIENTS);
        addRequesters(PD, 0xcd, IaType.IA_PD, 1, PD_CLIENTS);
        addRequesters(V6, 0xc6, IaType.IA_NA, 1, V6_CLIENTS);
    }

    private void addRequesters(String pool, int tag, IaType ia, long iaid, int count) {
        for (int i = 1; i <= count; i++) {
            requesters.add(new Requester(new BindingClient(OctetString.of((byte) 0, (byte) 3, (byte) 0, (byte) 1,
                    (byte) tag, (byte) i), ia, iaid), pool));
        }
    }

    /** The resources of one pool, in address order. */
    List<Lease> resources(String pool) {
        return resources.get(pool);
    }

    /** Whether {@code lease} is a resource of a proportional pool. */
    boolean isProportional(Lease lease) {
        for (PoolSpec spec : POOLS) {
            if (spec.allocation() == Allocation.PROPORTIONAL && resources.get(spec.name()).contains(lease)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<Requester> requesters() {
        return List.copyOf(requesters);
    }

    @Override
    public List<Lease> resources() {
        List<Lease> all = new ArrayList<>();
        resources.values().forEach(all::addAll);
        return all;
    }

    @Override
    public boolean hears(SimulatedServer server) {
        return server.isUp();
    }

    @Override
    public Optional<LeaseChange> solicit(SimulatedServer server, Requester requester, long valid, long preferred,
            long now) {
        return allocate(server, requester, valid, preferred, now);
    }

    @Override
    public boolean renewsAt(SimulatedServer server, Requester requester, Lease lease) {
        return server.isUp();
    }

    /** The REQUEST / RENEW names the lease held, as a DHCPv4 client's ciaddr does: that lease or nothing. */
    @Override
    public Optional<LeaseChange> renew(SimulatedServer server, Requester requester, Lease lease, long valid,
            long preferred, long now) {
        return answered(server.allocator().renew(requester.pool(), requester.id(), lease, valid, preferred, now),
                requester);
    }

    private Optional<LeaseChange> allocate(SimulatedServer server, Requester requester, long valid, long preferred,
            long now) {
        return answered(server.allocator().allocate(requester.pool(), requester.id(), valid, preferred, now),
                requester);
    }

    private Optional<LeaseChange> answered(AllocationResult result, Requester requester) {
        if (!result.serving()) {
            refusals.merge("silent", 1L, Long::sum);
        } else if (result.status().equals(StatusCode.NO_BINDING)) {
            refusals.merge("no binding " + requester.pool(), 1L, Long::sum);
        } else if (!result.isGranted()) {
            refusals.merge("exhausted " + requester.pool(), 1L, Long::sum);
        }
        return result.granted();
    }
}
