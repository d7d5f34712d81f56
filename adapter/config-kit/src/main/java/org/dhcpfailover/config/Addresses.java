package org.dhcpfailover.config;

import com.google.common.net.InetAddresses;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Parses IP address literals without ever touching DNS ({@link InetAddress#getByName} would
 * resolve a host name, which has no place in a DHCP server's configuration).
 *
 * <p>Guava returns an IPv4-mapped IPv6 literal ({@code ::ffff:10.0.0.1}) as an IPv4 address; the
 * configuration treats it as one, which is what it denotes.
 */
public final class Addresses {

    private Addresses() {}

    /** The address written in {@code text}, or empty if it is not an IP address literal. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || !InetAddresses.isInetAddress(text)) {
            return Optional.empty();
        }
        return Optional.of(InetAddresses.forString(text));
    }

    /** The address written in {@code text} if it is an address of {@code family}. */
    public static Optional<InetAddress> parse(String text, AddressFamily family) {
        return parse(text).filter(family::includes);
    }

    /** Why {@code text} is not an address of {@code family}, or empty if it is one. */
    public static Optional<String> problem(String text, AddressFamily family) {
        Optional<InetAddress> address = parse(text);
        if (address.isEmpty()) {
            return Optional.of("\"" + text + "\" is not " + family.example());
        }
        if (!family.includes(address.get())) {
            return Optional.of(
                    "\""
                            + text
                            + "\" is an "
                            + AddressFamily.of(address.get()).label()
                            + " address; "
                            + family.example()
                            + " is required here");
        }
        return Optional.empty();
    }
}
