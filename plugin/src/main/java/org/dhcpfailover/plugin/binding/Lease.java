package org.dhcpfailover.plugin.binding;

import java.util.Objects;
import org.dhcpfailover.plugin.wire.IaAddressOption;
import org.dhcpfailover.plugin.wire.IaPrefixOption;
import org.dhcpfailover.plugin.wire.Ipv6Address;

/**
 * What a binding is about: an address (OPTION_IAADDR, IA_NA or IA_TA) or a prefix
 * (OPTION_IAPREFIX, inside IA_PD or stand-alone as a delegable prefix; RFC 8156 §7.4). An
 * IPv4 lease is the IPv4-mapped address {@code ::ffff:a.b.c.d}, and a free IPv4 block is a
 * mapped prefix of length 96 + n (docs/protocol.md §2), so nothing here is IPv4-specific.
 *
 * @param value        the address, or the prefix
 * @param prefixLength 128 for an address; the prefix length for a prefix
 * @param kind         which of the two this is: a /128 prefix is not the same lease as an address
 */
public record Lease(Ipv6Address value, int prefixLength, Kind kind) {
    /** Whether a lease is an address or a prefix. */
    public enum Kind {
        /** Carried in OPTION_IAADDR. */
        ADDRESS,
        /** Carried in OPTION_IAPREFIX. */
        PREFIX
    }

    /** Longest prefix length; also the length of an address. */
    public static final int MAX_LENGTH = 128;

    private static final long IPV4_MAPPED_MASK = 0xFFFF_FFFF_0000_0000L;
    private static final long IPV4_MAPPED_TAG = 0x0000_FFFF_0000_0000L;

    public Lease {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(kind, "kind");
        if (prefixLength < 0 || prefixLength > MAX_LENGTH) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " is outside 0..128");
        }
        if (kind == Kind.ADDRESS && prefixLength != MAX_LENGTH) {
            throw new IllegalArgumentException("an address lease has length 128, not " + prefixLength);
        }
    }

    /** An address lease. */
    public static Lease address(Ipv6Address address) {
        return new Lease(address, MAX_LENGTH, Kind.ADDRESS);
    }

    /** A prefix lease. */
    public static Lease prefix(Ipv6Address prefix, int length) {
        return new Lease(prefix, length, Kind.PREFIX);
    }

    /** The lease an OPTION_IAADDR is about. */
    public static Lease of(IaAddressOption option) {
        return address(option.address());
    }

    /** The lease an OPTION_IAPREFIX is about. */
    /**
     * The lease a stand-alone or IA_PD IAPREFIX names. An IPv4-mapped /128 is a free IPv4
     * address handed between the servers (docs/protocol.md §2): it is the same lease as the
     * address a client later holds in an IAADDR, so both read as that address.
     */
    public static Lease of(IaPrefixOption option) {
        Lease lease = prefix(option.prefix(), option.prefixLength());
        return option.prefixLength() == MAX_LENGTH && lease.isIpv4Mapped() ? address(option.prefix()) : lease;
    }

    /** Whether this is a prefix (IA_PD or delegable prefix) rather than an address. */
    /**
     * Whether a BNDUPD can describe this lease without a client, in a stand-alone IAPREFIX:
     * delegable prefixes (RFC 8156 §7.4) and free IPv4 addresses (docs/protocol.md §2).
     */
    public boolean standsAlone() {
        return isPrefix() || isIpv4Mapped();
    }

    public boolean isPrefix() {
        return kind == Kind.PREFIX;
    }

    /** Whether the value is IPv4-mapped ({@code ::ffff:0:0/96}), i.e. a DHCPv4 lease (docs/protocol.md §2). */
    public boolean isIpv4Mapped() {
        return value.high() == 0 && (value.low() & IPV4_MAPPED_MASK) == IPV4_MAPPED_TAG;
    }

    /**
     * Bit 127 of the value, which decides ownership under independent allocation: 1 belongs to
     * the primary, 0 to the secondary (RFC 8156 §4.2.1.1).
     */
    public boolean lastBitSet() {
        return (value.low() & 1) == 1;
    }

    @Override
    public String toString() {
        return kind == Kind.ADDRESS ? value.toString() : value + "/" + prefixLength;
    }
}
