package org.dhcpfailover.plugin.binding;

import java.util.Objects;
import java.util.Optional;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * One lease's binding as RFC 8156 §7.2–§7.3 describes it: what it is, who holds it (or last
 * held it), its binding-status, the §7.3 times, what the client was told, whether the partner
 * must be told, and the data to echo. Immutable: every change is a new value, made by
 * {@link LeaseStateMachine}, {@link UpdateStore} or {@link ReplyProcessor}.
 *
 * <p>The status is the wire's open enum {@link BindingStatus} rather than a separate Java enum:
 * the binding must be sent back with exactly the code it was received or stored with, and a
 * second enum would need a mapping with nothing to map; the state machine and the conflict
 * table decide what to do with an unknown code.
 *
 * @param lease               the address or prefix
 * @param client              the client the lease is or was last bound to; empty for a delegable
 *                            prefix or address that never had one
 * @param status              the binding-status (§5.5.1)
 * @param times               the §7.3 times
 * @param lifetimes           what the client was last told
 * @param sync                whether the partner must be told (§4.3, §7.7)
 * @param reusableForOthersAt absolute time before which the lease must not be given to a
 *                            different client, set when it was freed in PARTNER-DOWN without
 *                            the partner's acknowledgement (§4.2.2.1, §8.4.1, decision A4); 0
 *                            when no such wait applies
 * @param echoed              data received from the partner, to be sent back
 */
public record Binding(Lease lease, Optional<BindingClient> client, BindingStatus status, LeaseTimes times,
        ClientLifetimes lifetimes, PartnerSync sync, long reusableForOthersAt, EchoedData echoed) {

    public Binding {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(times, "times");
        Objects.requireNonNull(lifetimes, "lifetimes");
        Objects.requireNonNull(sync, "sync");
        Uint32.check("reuse time", reusableForOthersAt);
        Objects.requireNonNull(echoed, "echoed");
    }

    /** A lease that starts life in {@code status} (FREE or FREE-BACKUP from the pool) at {@code now}. */
    public static Binding initial(Lease lease, BindingStatus status, long now) {
        return new Binding(lease, Optional.empty(), status, LeaseTimes.NONE.withState(now, 0), ClientLifetimes.NONE,
                PartnerSync.ACKNOWLEDGED, 0, EchoedData.NONE);
    }

    /** This binding with another status, state times and marker; everything else kept. */
    public Binding withStatus(BindingStatus newStatus, LeaseTimes newTimes, PartnerSync newSync) {
        return new Binding(lease, client, newStatus, newTimes, lifetimes, newSync, reusableForOthersAt, echoed);
    }

    /** This binding with another marker. */
    public Binding withSync(PartnerSync newSync) {
        return new Binding(lease, client, status, times, lifetimes, newSync, reusableForOthersAt, echoed);
    }

    /** This binding with other times. */
    public Binding withTimes(LeaseTimes newTimes) {
        return new Binding(lease, client, status, newTimes, lifetimes, sync, reusableForOthersAt, echoed);
    }

    /** Whether the lease is (or was last) bound to {@code other}. */
    public boolean isBoundTo(BindingClient other) {
        return client.map(other::equals).orElse(false);
    }
}
