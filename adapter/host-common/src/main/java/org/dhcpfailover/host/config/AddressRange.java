package org.dhcpfailover.host.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An inclusive range of addresses of one family, the shape of every pool: a "first - last" range,
 * a CIDR block, or a delegable prefix (all addresses it covers).
 */
public record AddressRange(InetAddress first, InetAddress last) {

    public AddressRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.getAddress().length != last.getAddress().length) {
            throw new IllegalArgumentException(
                    "a range lies in one address family: " + first + " - " + last);
        }
        if (toNumber(first).compareTo(toNumber(last)) > 0) {
            throw new IllegalArgumentException(
                    "a range ends before it starts: " + first + " - " + last);
        }
    }

    /** The addresses covered by {@code prefix}/{@code length}. */
    public static AddressRange ofPrefix(InetAddress prefix, int length) {
        int bits = prefix.getAddress().length * 8;
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
        BigInteger network = toNumber(prefix).andNot(hostMask);
        return new AddressRange(toAddress(network, bits), toAddress(network.or(hostMask), bits));
    }

    /** True if {@code prefix} has no bit set after its first {@code length} bits. */
    public static boolean isNetworkAddress(InetAddress prefix, int length) {
        return ofPrefix(prefix, length).first().equals(prefix);
    }

    /** True if the two ranges share at least one address. */
    public boolean overlaps(AddressRange other) {
        return first.getAddress().length == other.first.getAddress().length
                && toNumber(first).compareTo(toNumber(other.last)) <= 0
                && toNumber(other.first).compareTo(toNumber(last)) <= 0;
    }

    /** The address as an unsigned number, for comparisons. */
    static BigInteger toNumber(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    private static InetAddress toAddress(BigInteger number, int bits) {
        byte[] raw = number.toByteArray();
        byte[] octets = new byte[bits / 8];
        int copy = Math.min(raw.length, octets.length);
        System.arraycopy(raw, raw.length - copy, octets, octets.length - copy, copy);
        try {
            return InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public String toString() {
        return first.getHostAddress() + " - " + last.getHostAddress();
    }
}
