package org.dhcpfailover.plugin.config;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One validated failover relationship (RFC 8156 §3 "failover relationship"), defaults resolved.
 *
 * @param name the relationship name sent in CONNECT (RFC 8156 §5.5.14, §6.2)
 * @param mclt Maximum Client Lead Time; the primary's value governs the pair (RFC 8156 §4.4, §6.1.2)
 * @param maxUnackedBndupd how many BNDUPDs this server can absorb, advertised in CONNECT/CONNECTREPLY (§6.1.1)
 * @param keepaliveTime FO_KEEPALIVE_TIME: silence tolerated before the connection is declared dead (§6.5)
 * @param startupTime the STARTUP timer (§8.3.2 step 3)
 * @param autoPartnerDownDelay how long after losing the partner to enter PARTNER-DOWN without an
 *     operator; empty when off
 * @param limits what the failover connection may cost this server (RFC 8156 §10)
 * @param tls the TLS of the failover connection (RFC 8156 §10, RFC 7653 §9.1); empty for
 *     plaintext (insecure mode)
 */
public record RelationshipConfig(
        String name,
        String thisServerName,
        Role role,
        String partnerName,
        InetSocketAddress partnerAddress,
        InetSocketAddress listenAddress,
        Duration mclt,
        int maxUnackedBndupd,
        Duration keepaliveTime,
        Duration startupTime,
        Optional<Duration> autoPartnerDownDelay,
        List<PoolAssignment> pools,
        ConnectionLimits limits,
        Optional<TlsConfig> tls) {

    public RelationshipConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(thisServerName, "thisServerName");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(partnerName, "partnerName");
        Objects.requireNonNull(partnerAddress, "partnerAddress");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(mclt, "mclt");
        Objects.requireNonNull(keepaliveTime, "keepaliveTime");
        Objects.requireNonNull(startupTime, "startupTime");
        Objects.requireNonNull(autoPartnerDownDelay, "autoPartnerDownDelay");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(tls, "tls");
        pools = List.copyOf(pools);
    }

    /** A relationship with the default {@link ConnectionLimits}. */
    public RelationshipConfig(String name, String thisServerName, Role role, String partnerName,
            InetSocketAddress partnerAddress, InetSocketAddress listenAddress, Duration mclt, int maxUnackedBndupd,
            Duration keepaliveTime, Duration startupTime, Optional<Duration> autoPartnerDownDelay,
            List<PoolAssignment> pools) {
        this(name, thisServerName, role, partnerName, partnerAddress, listenAddress, mclt, maxUnackedBndupd,
                keepaliveTime, startupTime, autoPartnerDownDelay, pools, ConnectionLimits.defaults(), Optional.empty());
    }

    /** A plaintext relationship with the given {@link ConnectionLimits}. */
    public RelationshipConfig(String name, String thisServerName, Role role, String partnerName,
            InetSocketAddress partnerAddress, InetSocketAddress listenAddress, Duration mclt, int maxUnackedBndupd,
            Duration keepaliveTime, Duration startupTime, Optional<Duration> autoPartnerDownDelay,
            List<PoolAssignment> pools, ConnectionLimits limits) {
        this(name, thisServerName, role, partnerName, partnerAddress, listenAddress, mclt, maxUnackedBndupd,
                keepaliveTime, startupTime, autoPartnerDownDelay, pools, limits, Optional.empty());
    }

    /** This relationship with other connection limits. */
    public RelationshipConfig withLimits(ConnectionLimits value) {
        return new RelationshipConfig(name, thisServerName, role, partnerName, partnerAddress, listenAddress, mclt,
                maxUnackedBndupd, keepaliveTime, startupTime, autoPartnerDownDelay, pools, value, tls);
    }

    /** This relationship with TLS on its failover connection. */
    public RelationshipConfig withTls(TlsConfig value) {
        return new RelationshipConfig(name, thisServerName, role, partnerName, partnerAddress, listenAddress, mclt,
                maxUnackedBndupd, keepaliveTime, startupTime, autoPartnerDownDelay, pools, limits,
                Optional.of(value));
    }
}
