package org.dhcpfailover.plugin.endpoint;

/** Where a connection is in the RFC 8156 §6.1 exchange. */
enum ConnectionPhase {
    /** No connection. */
    NONE,
    /** Secondary: accepted, waiting for the primary's CONNECT (§6.1.2). */
    AWAITING_CONNECT,
    /** Primary: CONNECT sent, waiting for CONNECTREPLY (§6.1.3). */
    AWAITING_CONNECTREPLY,
    /** CONNECT / CONNECTREPLY done; STATE, CONTACT and the update messages flow (§6.3). */
    ESTABLISHED,
    /** This side asked the transport to close; what still arrives is ignored. */
    CLOSING
}
