package org.dhcpfailover.host.v6;

import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.host.config.AddressPool;
import org.dhcpfailover.host.config.PrefixPool;

/**
 * A configured DHCPv6 pool as the allocator numbers it: resource {@code i} (0 ≤ i &lt; size) is
 * the address {@code first + i} of an address pool, or the prefix {@code first + i·2^(128−length)}
 * of length {@link #length} of a prefix pool. Pools larger than 2^62 resources are numbered up to
 * 2^62 (more than any lease table holds).
 *
 * @param kind   {@link ResourceKind#IPV6_ADDRESS} for IA_NA and IA_TA pools, {@link ResourceKind#IPV6_PREFIX}
 *               for pd-pools
 * @param length 128 for an address pool, the delegated length for a prefix pool
 */
record V6Pool(String name, ResourceKind kind, BigInteger first, long size, int length, Duration validLifetime,
        Duration preferredLifetime) {

    static final long MAX_SIZE = 1L << 62;

    V6Pool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(validLifetime, "validLifetime");
        Objects.requireNonNull(preferredLifetime, "preferredLifetime");
        if (size < 1 || length < 0 || length > 128) {
            throw new IllegalArgumentException("pool " + name + ": size " + size + ", length " + length);
        }
    }

    static V6Pool of(AddressPool pool) {
        if (!(pool.range().first() instanceof Inet6Address) || !(pool.range().last() instanceof Inet6Address)) {
            throw new IllegalArgumentException("pool " + pool.name() + " is not an IPv6 pool");
        }
        BigInteger first = number(pool.range().first());
        BigInteger count = number(pool.range().last()).subtract(first).add(BigInteger.ONE);
        return new V6Pool(pool.name(), ResourceKind.IPV6_ADDRESS, first, capped(count), 128, pool.validLifetime(),
                pool.preferredLifetime().orElse(pool.validLifetime()));
    }

    static V6Pool of(PrefixPool pool) {
        BigInteger count = BigInteger.ONE.shiftLeft(pool.delegatedLength() - pool.prefixLength());
        return new V6Pool(pool.name(), ResourceKind.IPV6_PREFIX, number(pool.range().first()), capped(count),
                pool.delegatedLength(), pool.validLifetime(), pool.preferredLifetime());
    }

    private static long capped(BigInteger count) {
        return count.min(BigInteger.valueOf(MAX_SIZE)).longValueExact();
    }

    /** Whether the pool serves IAs of {@code kind} (IA_TA takes addresses from address pools). */
    boolean serves(ResourceKind iaKind) {
        return kind == ResourceKind.IPV6_PREFIX ? iaKind == ResourceKind.IPV6_PREFIX : iaKind != ResourceKind.IPV6_PREFIX;
    }

    /** The resource's number in this pool, if it is one of the pool's (right address, right length). */
    Optional<Long> offset(InetAddress address, int prefixLength) {
        if (!(address instanceof Inet6Address) || prefixLength != length) {
            return Optional.empty();
        }
        BigInteger distance = number(address).subtract(first);
        if (distance.signum() < 0) {
            return Optional.empty();
        }
        BigInteger[] step = distance.divideAndRemainder(BigInteger.ONE.shiftLeft(128 - length));
        if (step[1].signum() != 0 || step[0].compareTo(BigInteger.valueOf(size)) >= 0) {
            return Optional.empty();
        }
        return Optional.of(step[0].longValueExact());
    }

    boolean contains(InetAddress address, int prefixLength) {
        return offset(address, prefixLength).isPresent();
    }

    Inet6Address resourceAt(long offset) {
        BigInteger value = first.add(BigInteger.valueOf(offset).shiftLeft(128 - length));
        byte[] raw = value.toByteArray();
        byte[] octets = new byte[16];
        int copy = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - copy, octets, 16 - copy, copy);
        return IaCodec.toAddress(octets);
    }

    static BigInteger number(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    @Override
    public String toString() {
        return name + " (" + resourceAt(0).getHostAddress() + (length == 128 ? "" : "/" + length) + ", " + size
                + (kind == ResourceKind.IPV6_PREFIX ? " prefixes)" : " addresses)");
    }
}
