package org.dhcpfailover.hook.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * What a hook needs to know to decide whether this server answers a client message at all
 * ({@link Hook#answer}).
 *
 * @param type         the message type
 * @param pool         the pool the host selected for the client (by subnet or relay), if any;
 *                     a hook with several relationships decides by the one covering it
 * @param duid         the client's DUID (DHCPv4: mapped as {@link ClientKey} says)
 * @param addressedToUs whether the client named this server: DHCPv4 server identifier (option
 *                     54) equal to ours, or a unicast REQUEST / renewal sent to our address;
 *                     DHCPv6 OPTION_SERVERID equal to our DUID
 * @param addressedToOther whether the client named another server (DHCPv4 option 54 or DHCPv6
 *                     OPTION_SERVERID present and not ours)
 */
public record ClientMessage(MessageType type, Optional<String> pool, byte[] duid, boolean addressedToUs, boolean addressedToOther) {
    public ClientMessage {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(duid, "duid");
    }

    /** Client message types of both protocols, by their role in an exchange. */
    public enum MessageType {
        /** DHCPv4 DISCOVER, DHCPv6 SOLICIT: a client looking for a server. */
        DISCOVER,
        /** DHCPv4 REQUEST in SELECTING / INIT-REBOOT, DHCPv6 REQUEST: asking for the offered lease. */
        REQUEST,
        /** DHCPv4 REQUEST in RENEWING (unicast, ciaddr set), DHCPv6 RENEW: extending with its server. */
        RENEW,
        /** DHCPv4 REQUEST in REBINDING (broadcast, ciaddr set), DHCPv6 REBIND: any server may answer. */
        REBIND,
        /** DHCPv4 RELEASE, DHCPv6 RELEASE. */
        RELEASE,
        /** DHCPv4 DECLINE, DHCPv6 DECLINE. */
        DECLINE,
        /** DHCPv4 INFORM, DHCPv6 INFORMATION-REQUEST: configuration without a lease. */
        INFORM,
        /** DHCPv6 CONFIRM. */
        CONFIRM
    }
}
