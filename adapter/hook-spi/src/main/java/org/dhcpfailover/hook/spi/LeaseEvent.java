package org.dhcpfailover.hook.spi;

import java.util.Objects;

/**
 * Something a host did with a lease outside {@link Hook#allocate}.
 *
 * @param type  what happened
 * @param lease the lease as the host holds it now
 */
public record LeaseEvent(Type type, HostLease lease) {
    public LeaseEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(lease, "lease");
    }

    /** The host's lease callbacks. */
    public enum Type {
        /** The client gave the lease back (RELEASE). */
        RELEASED,
        /** The client reported the address in use by someone else (DECLINE). */
        DECLINED,
        /** The host's expiry found the lease past its valid lifetime. */
        EXPIRED
    }
}
