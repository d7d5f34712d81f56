package org.dhcpfailover.plugin.endpoint;

/** The state machine's timers; the runtime reports their expiry back to the machine. */
public enum EndpointTimer {
    /** RFC 8156 §8.3.2 step 3: how long STARTUP waits for communications. */
    STARTUP,
    /** §8.9: optional automatic move from COMMUNICATIONS-INTERRUPTED to PARTNER-DOWN. */
    AUTO_PARTNER_DOWN,
    /** §8.6.2: RECOVER-WAIT lasts until TIME-OF-FAILURE + MCLT. */
    RECOVER_WAIT
}
