package org.dhcpfailover.plugin.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;

/** Relationship configurations on loopback addresses for the transport tests. */
final class Relationships {
    static final InetAddress LOCALHOST = address("127.0.0.1");
    /** Another loopback address (Linux routes all of 127/8 to lo): a host that is nobody's partner. */
    static final InetAddress STRANGER = address("127.0.0.2");

    private Relationships() {
    }

    /** This server is secondary: it listens on {@code listen} for a partner at {@code partner}. */
    static RelationshipConfig secondary(String name, InetAddress partner, InetSocketAddress listen) {
        return config(name, Role.SECONDARY, new InetSocketAddress(partner, 647), listen);
    }

    /** This server is primary: it connects from 127.0.0.1 to {@code partner}. */
    static RelationshipConfig primary(String name, InetSocketAddress partner) {
        return config(name, Role.PRIMARY, partner, new InetSocketAddress(LOCALHOST, 0));
    }

    /** Listen on 127.0.0.1, on an ephemeral port. */
    static InetSocketAddress ephemeral() {
        return new InetSocketAddress(LOCALHOST, 0);
    }

    private static RelationshipConfig config(String name, Role role, InetSocketAddress partner,
            InetSocketAddress listen) {
        return new RelationshipConfig(name, "this-server", role, "partner-server", partner, listen,
                Duration.ofHours(1), 10, Duration.ofSeconds(60), Duration.ofSeconds(120), Optional.empty(), List.of());
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
