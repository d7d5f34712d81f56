package org.dhcpfailover.host.config;

/**
 * How a server names itself to clients: its DUID in OPTION_SERVERID (DHCPv6, RFC 3315 §22.3) or its
 * address in the server identifier option (DHCPv4, RFC 2132 §9.7).
 */
public sealed interface ServerIdentity permits Duid, ServerAddress {}
