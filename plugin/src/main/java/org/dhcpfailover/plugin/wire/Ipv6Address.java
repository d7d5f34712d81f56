package org.dhcpfailover.plugin.wire;

import com.google.common.net.InetAddresses;
import com.google.common.primitives.Longs;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An IPv6 address or prefix value: the 16 octets of OPTION_IAADDR (RFC 3315 §22.6),
 * OPTION_IAPREFIX (RFC 3633 §10) and OPTION_LQ_RELAY_DATA (RFC 5007 §4.1.2.4).
 *
 * <p>Held as two longs rather than an {@link InetAddress}: {@code InetAddress.getByAddress}
 * turns an IPv4-mapped address (::ffff:a.b.c.d) into an {@link Inet4Address}, which would lose
 * the value's IPv6 identity and its 16-octet encoding.
 *
 * @param high the first 8 octets, big-endian
 * @param low  the last 8 octets, big-endian
 */
public record Ipv6Address(long high, long low) {
    /** The unspecified address ::. */
    public static final Ipv6Address UNSPECIFIED = new Ipv6Address(0, 0);

    /** The address held in {@code bytes}, which must be exactly 16 octets. */
    public static Ipv6Address fromBytes(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("an IPv6 address has 16 octets, not " + bytes.length);
        }
        return fromBytes(bytes, 0);
    }

    static Ipv6Address fromBytes(byte[] bytes, int offset) {
        return new Ipv6Address(
                Longs.fromBytes(bytes[offset], bytes[offset + 1], bytes[offset + 2], bytes[offset + 3],
                        bytes[offset + 4], bytes[offset + 5], bytes[offset + 6], bytes[offset + 7]),
                Longs.fromBytes(bytes[offset + 8], bytes[offset + 9], bytes[offset + 10], bytes[offset + 11],
                        bytes[offset + 12], bytes[offset + 13], bytes[offset + 14], bytes[offset + 15]));
    }

    /**
     * Parses the textual form (RFC 4291 §2.2), including "::ffff:192.0.2.1", which stays an
     * IPv6 value.
     */
    public static Ipv6Address parse(String text) {
        if (text.indexOf(':') < 0) {
            throw new IllegalArgumentException("not an IPv6 address: " + text);
        }
        InetAddress parsed = InetAddresses.forString(text);
        if (parsed instanceof Inet4Address) {
            // Guava (via InetAddress.getByAddress) folded an IPv4-mapped address to IPv4.
            byte[] v4 = parsed.getAddress();
            long low = 0xFFFF_0000_0000L | ((v4[0] & 0xFFL) << 24) | ((v4[1] & 0xFFL) << 16)
                    | ((v4[2] & 0xFFL) << 8) | (v4[3] & 0xFFL);
            return new Ipv6Address(0, low);
        }
        return fromBytes(parsed.getAddress());
    }

    /** The 16 octets, big-endian. */
    public byte[] toBytes() {
        byte[] out = new byte[16];
        copyTo(out, 0);
        return out;
    }

    void copyTo(byte[] target, int offset) {
        System.arraycopy(Longs.toByteArray(high), 0, target, offset, 8);
        System.arraycopy(Longs.toByteArray(low), 0, target, offset + 8, 8);
    }

    /** The address as an {@link Inet6Address} (never folded to IPv4). */
    public Inet6Address toInet6Address() {
        try {
            return Inet6Address.getByAddress(null, toBytes(), -1);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException("16 octets are always a valid IPv6 address", impossible);
        }
    }

    /** RFC 5952 text form, e.g. {@code 2001:db8:0:1::101}. */
    @Override
    public String toString() {
        return InetAddresses.toAddrString(toInet6Address());
    }
}
