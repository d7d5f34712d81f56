package org.dhcpfailover.plugin.binding;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A received BNDUPD in model terms: either refused as a whole (MissingBindingInformation for a
 * structurally incomplete message, ConfigurationConflict for an unknown VPN; RFC 8156 §7.5.3,
 * §7.5.4), or the leases it describes, each to be decided by {@link UpdateAcceptance}.
 *
 * @param refusal the whole-message verdict, if the message is refused as a whole
 * @param leases  the leases, in message order; empty when refused
 */
public record ParsedUpdate(Optional<UpdateVerdict> refusal, List<ReceivedLease> leases) {
    public ParsedUpdate {
        Objects.requireNonNull(refusal, "refusal");
        leases = List.copyOf(leases);
    }

    /** The whole update refused with {@code verdict}. */
    static ParsedUpdate refused(UpdateVerdict verdict) {
        return new ParsedUpdate(Optional.of(verdict), List.of());
    }
}
