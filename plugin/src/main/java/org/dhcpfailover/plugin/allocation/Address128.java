package org.dhcpfailover.plugin.allocation;

import java.math.BigInteger;
import org.dhcpfailover.plugin.wire.Ipv6Address;

/** Unsigned 128-bit arithmetic on addresses, for walking pools without enumerating them. */
final class Address128 {
    private Address128() {
    }

    /** {@code a} compared with {@code b} as unsigned 128-bit numbers. */
    static int compare(Ipv6Address a, Ipv6Address b) {
        int high = Long.compareUnsigned(a.high(), b.high());
        return high != 0 ? high : Long.compareUnsigned(a.low(), b.low());
    }

    /**
     * {@code a + 2^bit}, for bit 0..127; {@code null} if it overflows past the last address.
     */
    static Ipv6Address plusPowerOfTwo(Ipv6Address a, int bit) {
        if (bit < 0 || bit > 127) {
            throw new IllegalArgumentException("bit " + bit + " is outside 0..127");
        }
        if (bit >= 64) {
            long high = a.high() + (1L << (bit - 64));
            return Long.compareUnsigned(high, a.high()) < 0 ? null : new Ipv6Address(high, a.low());
        }
        long low = a.low() + (1L << bit);
        long carry = Long.compareUnsigned(low, a.low()) < 0 ? 1 : 0;
        long high = a.high() + carry;
        if (carry == 1 && high == 0) {
            return null;
        }
        return new Ipv6Address(high, low);
    }

    /** {@code a} with its lowest {@code 128 - length} bits cleared. */
    static Ipv6Address network(Ipv6Address a, int length) {
        if (length <= 0) {
            return new Ipv6Address(0, 0);
        }
        if (length >= 128) {
            return a;
        }
        if (length <= 64) {
            long mask = length == 64 ? -1L : ~(-1L >>> length);
            return new Ipv6Address(a.high() & mask, 0);
        }
        return new Ipv6Address(a.high(), a.low() & ~(-1L >>> (length - 64)));
    }

    /**
     * How many steps of 2^{@code stepBit} fit from {@code first} to {@code last} inclusive,
     * saturated at {@link Long#MAX_VALUE} (a /48 of addresses is 2^80: "more than anyone will
     * hand out"). Computed once per pool, never per allocation.
     */
    static long countBetween(Ipv6Address first, Ipv6Address last, int stepBit) {
        BigInteger span = unsigned(last).subtract(unsigned(first)).shiftRight(stepBit).add(BigInteger.ONE);
        return span.bitLength() >= 63 ? Long.MAX_VALUE : span.longValueExact();
    }

    private static BigInteger unsigned(Ipv6Address a) {
        return new BigInteger(1, a.toBytes());
    }
}
