package org.dhcpfailover.host.config;

import org.dhcpfailover.config.AddressFamily;
import org.dhcpfailover.config.Addresses;
import org.dhcpfailover.config.ConfigurationErrors;
import org.dhcpfailover.config.JsonPath;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Reads a pool's "pool" value, written as Kea writes it: {@code "first - last"} or
 * {@code "prefix/length"}. Every problem is reported at the pool's path.
 */
final class PoolRangeParser {

    private PoolRangeParser() {}

    /** The range written in {@code text}, or empty after reporting why there is none. */
    static Optional<AddressRange> parse(
            String text, AddressFamily family, JsonPath path, ConfigurationErrors errors) {
        if (text.contains("/")) {
            return parseBlock(text, family, path, errors);
        }
        String[] ends = text.split("-", -1);
        if (ends.length != 2) {
            errors.add(
                    path,
                    "\""
                            + text
                            + "\" is not a pool; write \"first - last\" or \"prefix/length\", e.g. "
                            + example(family));
            return Optional.empty();
        }
        Optional<InetAddress> first = address(ends[0].trim(), family, path, errors);
        Optional<InetAddress> last = address(ends[1].trim(), family, path, errors);
        if (first.isEmpty() || last.isEmpty()) {
            return Optional.empty();
        }
        if (AddressRange.toNumber(first.get()).compareTo(AddressRange.toNumber(last.get())) > 0) {
            errors.add(
                    path,
                    "the range ends ("
                            + ends[1].trim()
                            + ") before it starts ("
                            + ends[0].trim()
                            + "); write the lower address first");
            return Optional.empty();
        }
        return Optional.of(new AddressRange(first.get(), last.get()));
    }

    private static Optional<AddressRange> parseBlock(
            String text, AddressFamily family, JsonPath path, ConfigurationErrors errors) {
        String[] parts = text.split("/", -1);
        int bits = family == AddressFamily.IPV4 ? 32 : 128;
        Optional<InetAddress> prefix = address(parts[0].trim(), family, path, errors);
        Optional<Integer> length =
                parts.length == 2 ? prefixLength(parts[1].trim(), bits) : Optional.empty();
        if (length.isEmpty()) {
            errors.add(
                    path,
                    "\""
                            + text
                            + "\" has no valid prefix length; write prefix/length with a length from 0 to "
                            + bits);
        }
        if (prefix.isEmpty() || length.isEmpty()) {
            return Optional.empty();
        }
        if (!AddressRange.isNetworkAddress(prefix.get(), length.get())) {
            errors.add(
                    path,
                    "\""
                            + text
                            + "\" has address bits set after the first "
                            + length.get()
                            + " bits; write the block's first address, "
                            + AddressRange.ofPrefix(prefix.get(), length.get())
                                    .first()
                                    .getHostAddress()
                            + "/"
                            + length.get());
            return Optional.empty();
        }
        return Optional.of(AddressRange.ofPrefix(prefix.get(), length.get()));
    }

    private static Optional<Integer> prefixLength(String text, int bits) {
        if (!text.matches("\\d{1,3}")) {
            return Optional.empty();
        }
        int length = Integer.parseInt(text);
        return length <= bits ? Optional.of(length) : Optional.empty();
    }

    private static Optional<InetAddress> address(
            String text, AddressFamily family, JsonPath path, ConfigurationErrors errors) {
        Optional<String> problem = Addresses.problem(text, family);
        problem.ifPresent(reason -> errors.add(path, reason));
        return problem.isEmpty() ? Addresses.parse(text) : Optional.empty();
    }

    private static String example(AddressFamily family) {
        return family == AddressFamily.IPV4
                ? "\"10.99.0.100 - 10.99.0.199\" or \"10.99.0.0/25\""
                : "\"2001:db8:1::1000 - 2001:db8:1::1fff\" or \"2001:db8:1::/112\"";
    }
}
