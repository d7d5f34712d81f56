package org.dhcpfailover.host.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * A pool of delegable prefixes (DHCPv6 IA_PD, RFC 3633): prefixes of {@code delegatedLength} bits
 * carved out of {@code prefix}/{@code prefixLength}.
 */
public record PrefixPool(
        String name,
        InetAddress prefix,
        int prefixLength,
        int delegatedLength,
        Duration validLifetime,
        Duration preferredLifetime) {

    public PrefixPool {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(validLifetime, "validLifetime");
        Objects.requireNonNull(preferredLifetime, "preferredLifetime");
        if (prefixLength < 0 || delegatedLength < prefixLength || delegatedLength > 128) {
            throw new IllegalArgumentException(
                    "need 0 <= prefix length <= delegated length <= 128");
        }
    }

    /** Every address the pool covers. */
    public AddressRange range() {
        return AddressRange.ofPrefix(prefix, prefixLength);
    }
}
