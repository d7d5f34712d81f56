package org.dhcpfailover.plugin.endpoint;

/** This server's role in one failover relationship (RFC 8156 §3, "Primary Server", "Secondary Server"). */
public enum Role {
    PRIMARY,
    SECONDARY
}
