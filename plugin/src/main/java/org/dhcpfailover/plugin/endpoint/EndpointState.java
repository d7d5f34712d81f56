package org.dhcpfailover.plugin.endpoint;

import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.sync.Responsiveness;

/**
 * The ten failover endpoint states of RFC 8156 §8, with their OPTION_F_SERVER_STATE codes
 * (§5.5.16) and what each allows towards clients (§8.3–§8.12, digest §6.1).
 *
 * <p>STARTUP is never advertised as such: a server in STARTUP sends its previous state with the
 * STARTUP flag set (§5.5.16 note 1, §8.3.1).
 */
public enum EndpointState {
    STARTUP(1),
    NORMAL(2),
    COMMUNICATIONS_INTERRUPTED(3),
    PARTNER_DOWN(4),
    POTENTIAL_CONFLICT(5),
    RECOVER(6),
    RECOVER_WAIT(7),
    RECOVER_DONE(8),
    RESOLUTION_INTERRUPTED(9),
    CONFLICT_DONE(10);

    private final int code;

    EndpointState(int code) {
        this.code = code;
    }

    /** The OPTION_F_SERVER_STATE value (RFC 8156 §5.5.16). */
    public int code() {
        return code;
    }

    /** The state with this OPTION_F_SERVER_STATE value, or {@code null} for an unknown code. */
    public static EndpointState fromCode(int code) {
        for (EndpointState state : values()) {
            if (state.code == code) {
                return state;
            }
        }
        return null;
    }

    /**
     * Client behaviour in this state for this role (digest §6.1). RECOVER-DONE is renew
     * responsive, as RFC 8156 §8.7.1's text says (decision A6: the text wins over Figure 6).
     */
    public Responsiveness responsiveness(Role role) {
        return switch (this) {
            case STARTUP, POTENTIAL_CONFLICT, RECOVER, RECOVER_WAIT -> Responsiveness.UNRESPONSIVE;
            case NORMAL -> role == Role.PRIMARY ? Responsiveness.RESPONSIVE : Responsiveness.RENEW_RESPONSIVE;
            case COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN, RESOLUTION_INTERRUPTED, CONFLICT_DONE ->
                    Responsiveness.RESPONSIVE;
            case RECOVER_DONE -> Responsiveness.RENEW_RESPONSIVE;
        };
    }

    /** Whether a server in this state may give a client a lease it did not hold before. */
    public boolean mayAllocateNewLeases(Role role) {
        return switch (this) {
            case NORMAL, CONFLICT_DONE -> role == Role.PRIMARY;
            case COMMUNICATIONS_INTERRUPTED, PARTNER_DOWN, RESOLUTION_INTERRUPTED -> true;
            case STARTUP, POTENTIAL_CONFLICT, RECOVER, RECOVER_WAIT, RECOVER_DONE -> false;
        };
    }

    /**
     * Whether lifetimes given to clients are capped by the MCLT rule: in every state except
     * PARTNER-DOWN (RFC 8156 §4.4, decision A24).
     */
    public boolean capsLifetimesByMclt() {
        return this != PARTNER_DOWN;
    }

    /**
     * The state a server takes when communications fail while it is in this state, applied to
     * PREVIOUS-STATE at start-up (RFC 8156 §8.3.2 step 2): NORMAL becomes
     * COMMUNICATIONS-INTERRUPTED, POTENTIAL-CONFLICT becomes RESOLUTION-INTERRUPTED, the others
     * stay.
     */
    public EndpointState afterCommunicationsFailure() {
        return switch (this) {
            case NORMAL -> COMMUNICATIONS_INTERRUPTED;
            case POTENTIAL_CONFLICT -> RESOLUTION_INTERRUPTED;
            default -> this;
        };
    }
}
