package org.dhcpfailover.plugin.hook;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;

/**
 * Between the hook SPI's JDK types and the plugin's lease model: a host's {@link ClientKey} is
 * a {@link BindingClient}, a host's address is a {@link Lease} (a DHCPv4 address is its
 * IPv4-mapped IPv6 form, docs/protocol.md §2), and a {@link Binding} is shown to the host as a
 * {@link HostLease}.
 */
final class LeaseTranslation {
    /** The IPv4-mapped prefix {@code ::ffff:0:0/96} in the low half of an address. */
    private static final long IPV4_MAPPED_TAG = 0x0000_FFFF_0000_0000L;
    /** The longest finite lifetime: 0xffffffff is DHCPv6's "infinity", which failover never grants (RFC 8156 §4.4). */
    private static final long LONGEST_LIFETIME = 0xFFFF_FFFEL;
    /** A DHCPv4 address as the host keeps it: one address, /32. */
    private static final int IPV4_LENGTH = 32;
    /**
     * Who a resource without a client "belongs to" in the host's table (a delegable prefix or
     * an address that was never bound): a DUID-UUID (RFC 6355, type 4) of this hook, the same
     * on every server and every start, so that the host sees one stable holder of free things.
     */
    private static final byte[] UNBOUND_DUID = unboundDuid();

    private LeaseTranslation() {
    }

    private static byte[] unboundDuid() {
        UUID uuid = UUID.nameUUIDFromBytes("dhcp-failover: free resource".getBytes(StandardCharsets.US_ASCII));
        byte[] duid = new byte[18];
        duid[1] = 4;
        for (int i = 0; i < 8; i++) {
            duid[2 + i] = (byte) (uuid.getMostSignificantBits() >>> (56 - 8 * i));
            duid[10 + i] = (byte) (uuid.getLeastSignificantBits() >>> (56 - 8 * i));
        }
        return duid;
    }

    /** The binding client of a host's client key: same DUID and IAID, IA type by resource kind. */
    static BindingClient client(ClientKey key) {
        return new BindingClient(OctetString.of(key.duid()), iaType(key.kind()), key.iaid());
    }

    /**
     * The IA a resource kind is carried in: DHCPv4 and DHCPv6 addresses in IA_NA (docs/protocol.md
     * §2), temporary addresses in IA_TA, prefixes in IA_PD.
     */
    static IaType iaType(ResourceKind kind) {
        return switch (kind) {
            case IPV4_ADDRESS, IPV6_ADDRESS -> IaType.IA_NA;
            case IPV6_TEMPORARY_ADDRESS -> IaType.IA_TA;
            case IPV6_PREFIX -> IaType.IA_PD;
        };
    }

    /**
     * The host's client key of whoever holds (or last held) {@code binding}'s lease, or this
     * hook's own key when nobody ever did.
     *
     * @throws IllegalArgumentException if the DUID is one a host cannot hold (a partner may send
     *     any octets)
     */
    static ClientKey clientKey(Binding binding) {
        Lease lease = binding.lease();
        return binding.client()
                .map(client -> new ClientKey(client.duid().toByteArray(), kind(client.iaType(), lease), client.iaid()))
                .orElseGet(() -> new ClientKey(UNBOUND_DUID, kind(lease), 0));
    }

    private static ResourceKind kind(IaType type, Lease lease) {
        return switch (type) {
            case IA_NA -> lease.isIpv4Mapped() ? ResourceKind.IPV4_ADDRESS : ResourceKind.IPV6_ADDRESS;
            case IA_TA -> ResourceKind.IPV6_TEMPORARY_ADDRESS;
            case IA_PD -> ResourceKind.IPV6_PREFIX;
        };
    }

    private static ResourceKind kind(Lease lease) {
        if (lease.isPrefix()) {
            return ResourceKind.IPV6_PREFIX;
        }
        return lease.isIpv4Mapped() ? ResourceKind.IPV4_ADDRESS : ResourceKind.IPV6_ADDRESS;
    }

    /** The lease a host's lease names. */
    static Lease lease(HostLease lease) {
        return lease(lease.address(), lease.prefixLength(), lease.client().kind());
    }

    /**
     * The lease of {@code address}: an IPv4 address as its mapped form, a DHCPv6 address, or a
     * prefix of {@code prefixLength} when {@code kind} is a prefix.
     */
    static Lease lease(InetAddress address, int prefixLength, ResourceKind kind) {
        Ipv6Address value = ipv6(address);
        return kind == ResourceKind.IPV6_PREFIX ? Lease.prefix(value, prefixLength) : Lease.address(value);
    }

    /** An address as the plugin holds it: IPv6 as is, IPv4 as {@code ::ffff:a.b.c.d}. */
    static Ipv6Address ipv6(InetAddress address) {
        byte[] octets = address.getAddress();
        if (address instanceof Inet4Address) {
            long v4 = ((octets[0] & 0xFFL) << 24) | ((octets[1] & 0xFFL) << 16) | ((octets[2] & 0xFFL) << 8)
                    | (octets[3] & 0xFFL);
            return new Ipv6Address(0, IPV4_MAPPED_TAG | v4);
        }
        return Ipv6Address.fromBytes(octets);
    }

    /** The address a host shows for {@code lease}: an {@link Inet4Address} for a DHCPv4 lease. */
    static InetAddress address(Lease lease) {
        if (lease.isIpv4Mapped() && !lease.isPrefix()) {
            long v4 = lease.value().low();
            try {
                return InetAddress.getByAddress(new byte[] {(byte) (v4 >>> 24), (byte) (v4 >>> 16), (byte) (v4 >>> 8),
                        (byte) v4});
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException("4 octets are always an IPv4 address", impossible);
            }
        }
        return lease.value().toInet6Address();
    }

    /**
     * {@code binding} as the host's table holds it: ACTIVE and ABANDONED as they are, every other
     * status (free, expired, released, reset, waiting for the partner) as FREE, which the host
     * must not hand out on its own. Times are those the client was told, as instants near
     * {@code now}; a lease never granted shows the start of its state.
     */
    static HostLease hostLease(Binding binding, Instant now) {
        return hostLease(binding, clientKey(binding), now);
    }

    /** Like {@link #hostLease(Binding, Instant)}, with the host's own key for the client. */
    static HostLease hostLease(Binding binding, ClientKey client, Instant now) {
        Lease lease = binding.lease();
        ClientLifetimes told = binding.lifetimes();
        long granted = told.grantedAt();
        Instant validUntil;
        Instant preferredUntil;
        Instant renewAt;
        Instant rebindAt;
        if (granted == AbsoluteTime.NEVER) {
            long start = binding.times().startTimeOfState();
            Instant since = start == AbsoluteTime.NEVER ? now : AbsoluteTime.toInstant(start, now);
            validUntil = since;
            preferredUntil = since;
            renewAt = since;
            rebindAt = since;
        } else {
            Instant at = AbsoluteTime.toInstant(granted, now);
            validUntil = at.plusSeconds(told.validLifetime());
            preferredUntil = at.plusSeconds(told.preferredLifetime());
            renewAt = at.plusSeconds(told.t1());
            rebindAt = at.plusSeconds(told.t2());
        }
        return new HostLease(client, address(lease), prefixLength(lease), state(binding.status()), validUntil,
                preferredUntil, renewAt, rebindAt);
    }

    /** The prefix length a host's table gives {@code lease}: 32 for an IPv4 address. */
    static int prefixLength(Lease lease) {
        return lease.isIpv4Mapped() && !lease.isPrefix() ? IPV4_LENGTH : lease.prefixLength();
    }

    /** Whether the host's table shows {@code binding} as FREE (see {@link #hostLease(Binding, Instant)}). */
    static boolean showsFree(Binding binding) {
        return state(binding.status()) == HostLease.State.FREE;
    }

    /**
     * Whether {@link #hostLease} gives the host the same lease for {@code after} as for
     * {@code before}: same lease, client, status and client lifetimes (and, for a lease never
     * granted, the same start of its state). A commit that changes only what the partner knows
     * — an acknowledgement (PartnerSync, the acknowledged partner lifetime) — shows the host
     * nothing new.
     */
    static boolean showsHostTheSame(Binding before, Binding after) {
        return before.lease().equals(after.lease()) && before.status().equals(after.status())
                && before.client().equals(after.client()) && before.lifetimes().equals(after.lifetimes())
                && (after.lifetimes().grantedAt() != AbsoluteTime.NEVER
                        || before.times().startTimeOfState() == after.times().startTimeOfState());
    }

    private static HostLease.State state(BindingStatus status) {
        if (status.equals(BindingStatus.ACTIVE)) {
            return HostLease.State.ACTIVE;
        }
        return status.equals(BindingStatus.ABANDONED) ? HostLease.State.ABANDONED : HostLease.State.FREE;
    }

    /**
     * What the client of a host's lease was told, as lifetimes from {@code now} on: the valid
     * lifetime left (at least a second, at most the longest finite lifetime), the preferred
     * lifetime and T1 / T2 left, each within it.
     */
    static ClientLifetimes lifetimesLeft(HostLease lease, long now, Instant nowInstant) {
        long valid = Math.max(1, Math.min(secondsUntil(lease.validUntil(), nowInstant), LONGEST_LIFETIME));
        long preferred = Math.min(secondsUntil(lease.preferredUntil(), nowInstant), valid);
        long t1 = Math.min(secondsUntil(lease.renewAt(), nowInstant), valid);
        long t2 = Math.max(t1, Math.min(secondsUntil(lease.rebindAt(), nowInstant), valid));
        return new ClientLifetimes(now, preferred, valid, t1, t2);
    }

    /** Whole seconds from {@code now} to {@code until}, 0 if it is past. */
    static long secondsUntil(Instant until, Instant now) {
        return Math.max(0, until.getEpochSecond() - now.getEpochSecond());
    }
}
