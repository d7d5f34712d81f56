package org.dhcpfailover.plugin.sync;

/** How a server in a given state treats DHCP clients (RFC 8156 §3, §8.1 Figure 6). */
public enum Responsiveness {
    /** Answers every client request. */
    RESPONSIVE,
    /**
     * Answers only requests addressed to this server (its own server identifier): renewals of
     * leases it already knows (RFC 8156 §3 "Renew Responsive").
     */
    RENEW_RESPONSIVE,
    /** Answers no client at all. */
    UNRESPONSIVE
}
