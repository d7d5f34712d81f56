package org.dhcpfailover.plugin.binding;

import java.util.Objects;
import org.dhcpfailover.plugin.wire.OctetString;

/**
 * The client a lease is (or was last) bound to: DUID (opaque, compared for equality only, RFC
 * 3315 §9), IA type and IAID. Two bindings belong to "the same client" in the RFC 8156 §7.5.4
 * sense only if all three match: a different IAID is a different binding holder ("different
 * client (or different IAID)", digest §4 AddressInUse).
 *
 * @param duid   the client's DUID, as carried in OPTION_CLIENTID
 * @param iaType the kind of IA holding the lease
 * @param iaid   the IAID, a uint32
 */
public record BindingClient(OctetString duid, IaType iaType, long iaid) {
    public BindingClient {
        Objects.requireNonNull(duid, "duid");
        Objects.requireNonNull(iaType, "iaType");
        Uint32.check("IAID", iaid);
    }
}
