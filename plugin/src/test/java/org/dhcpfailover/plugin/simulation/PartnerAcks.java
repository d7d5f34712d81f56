package org.dhcpfailover.plugin.simulation;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;

/**
 * The greatest partner lifetime each server has had acknowledged for each lease, as seen on the
 * wire (F_PARTNER_LIFETIME_SENT in accepted BNDREPLYs delivered to it, RFC 8156 §7.7): the
 * ground truth for the MCLT rule (invariant (3), §4.4). Counting every delivered reply, even one
 * the receiver crashed before storing, can only make the bound looser than the server's own
 * knowledge, never tighter, so a breach found against it is a real one.
 */
final class PartnerAcks {

    private final Map<Role, Map<Lease, Long>> acked = new EnumMap<>(Role.class);

    /** A BNDREPLY from {@code from} reached its partner. */
    void delivered(Role from, FailoverMessage message) {
        if (!message.type().equals(MessageType.BNDREPLY)) {
            return;
        }
        Role receiver = from == Role.PRIMARY ? Role.SECONDARY : Role.PRIMARY;
        for (AcceptedLease accepted : AcceptedLease.of(message)) {
            accepted.partnerLifetime().ifPresent(p -> acked.computeIfAbsent(receiver, r -> new HashMap<>())
                    .merge(accepted.lease(), p, (a, b) -> AbsoluteTime.secondsBetween(a, b) > 0 ? b : a));
        }
    }

    /** The greatest lifetime acknowledged to {@code server} for {@code lease}; 0 if none. */
    long ackedTo(Role server, Lease lease) {
        return acked.getOrDefault(server, Map.of()).getOrDefault(lease, AbsoluteTime.NEVER);
    }
}
