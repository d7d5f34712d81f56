package org.dhcpfailover.host.v4;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.Objects;
import org.dhcpfailover.host.config.AddressPool;

/**
 * A configured DHCPv4 pool with its range as numbers.
 *
 * @param first the first address, as an unsigned number in an int
 * @param last  the last address
 */
record V4Pool(String name, int first, int last, Duration validLifetime) {

    /**
     * The most addresses a pool may hold: the allocator keeps one bit per address (2 MiB for a
     * /8), and a larger DHCPv4 pool is a configuration mistake.
     */
    static final long MAX_SIZE = 1L << 24;

    V4Pool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(validLifetime, "validLifetime");
        if (Ipv4.unsigned(first) > Ipv4.unsigned(last)) {
            throw new IllegalArgumentException("pool " + name + " ends before it starts");
        }
    }

    static V4Pool of(AddressPool pool) {
        if (!(pool.range().first() instanceof Inet4Address first)
                || !(pool.range().last() instanceof Inet4Address last)) {
            throw new IllegalArgumentException("pool " + pool.name() + " is not an IPv4 pool");
        }
        V4Pool v4 = new V4Pool(pool.name(), Ipv4.toInt(first), Ipv4.toInt(last), pool.validLifetime());
        if (v4.size() > MAX_SIZE) {
            throw new IllegalArgumentException("pool " + pool.name() + " holds " + v4.size()
                    + " addresses; this host serves pools of at most " + MAX_SIZE + " (a /8)");
        }
        return v4;
    }

    long size() {
        return Ipv4.unsigned(last) - Ipv4.unsigned(first) + 1;
    }

    boolean contains(int address) {
        long a = Ipv4.unsigned(address);
        return a >= Ipv4.unsigned(first) && a <= Ipv4.unsigned(last);
    }

    /** The address's position in the pool; only for addresses it {@link #contains}. */
    int offset(int address) {
        return (int) (Ipv4.unsigned(address) - Ipv4.unsigned(first));
    }

    int addressAt(int offset) {
        return first + offset;
    }

    @Override
    public String toString() {
        return name + " (" + Ipv4.text(first) + " - " + Ipv4.text(last) + ")";
    }
}
