package org.dhcpfailover.plugin.config;

import org.dhcpfailover.config.Addresses;
import org.dhcpfailover.config.ConfigurationErrors;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.config.JsonPath;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The rules of the "failover" list that involve several values (the host's pools, other
 * relationships, the partner against this server), and the defaults of every optional key.
 */
final class RelationshipRules {

    static final long DEFAULT_MCLT = 3600;
    static final long DEFAULT_MAX_UNACKED_BNDUPD = 10;

    /** FO_KEEPALIVE_TIME default (RFC 8156 §6.5). */
    static final long DEFAULT_KEEPALIVE_TIME = 60;

    static final long DEFAULT_STARTUP_TIME = 10;

    /** The IANA "dhcp-failover" port (RFC 8156 §5.1, §6.1). */
    static final int DEFAULT_FAILOVER_PORT = 647;

    static final int DEFAULT_SECONDARY_SHARE = 50;
    /** Percent of the available resources the balance may drift before the primary acts (RFC 8156 §4.2.2). */
    static final int DEFAULT_REBALANCE_THRESHOLD = 5;

    /** Longest relationship name, in UTF-8 octets. */
    static final int MAX_NAME_OCTETS = 255;

    private final Map<String, HostPool> hostPools;
    private final JsonPath at;
    private final ConfigurationErrors errors;
    private final Map<String, JsonPath> relationshipNames = new HashMap<>();

    /** Pool name to the relationship that covers it and where it names the pool. */
    private final Map<String, Coverage> coveredPools = new HashMap<>();

    private record Coverage(String relationship, JsonPath path) {}

    /** The validated "tls" of each relationship section that has one. */
    private final Map<TlsSection, TlsConfig> tlsConfigs = new IdentityHashMap<>();

    RelationshipRules(Map<String, HostPool> hostPools, JsonPath at, ConfigurationErrors errors) {
        this.hostPools = hostPools;
        this.at = at;
        this.errors = errors;
    }

    ConfigurationResult<FailoverParameters> check(List<RelationshipSection> relationships) {
        for (int i = 0; i < relationships.size(); i++) {
            if (relationships.get(i) != null) {
                checkRelationship(relationships.get(i), at.index(i));
            }
        }
        return errors.toResult(
                () -> new FailoverParameters(relationships.stream().map(this::build).toList()));
    }

    private void checkRelationship(RelationshipSection r, JsonPath path) {
        checkName(r.name(), path);
        if (r.partner() != null
                && r.partner().name() != null
                && r.partner().name().equals(r.thisServerName())) {
            errors.addUnlessReported(
                    path.key("partner").key("name"),
                    "is the same as this-server-name; the partner is "
                            + "the other server of the pair (RFC 7031 R1)");
        }
        Optional<InetAddress> partner =
                r.partner() == null ? Optional.empty() : Addresses.parse(r.partner().address());
        Optional<InetAddress> listen =
                r.listen() == null ? Optional.empty() : Addresses.parse(r.listen().address());
        if (partner.isPresent() && partner.equals(listen)) {
            errors.addUnlessReported(
                    path.key("partner").key("address"),
                    "is this server's own failover address "
                            + "(listen.address); the same address for both servers means this server would connect to itself, "
                            + "and the partner is recognised by its address (RFC 8156 §6.1, §6.2)");
        }
        if (r.tls() != null) {
            new TlsRules(path.key("tls"), errors).check(r.tls()).ifPresent(tls -> tlsConfigs.put(r.tls(), tls));
        }
        List<PoolReferenceSection> pools = r.pools() == null ? List.of() : r.pools();
        for (int j = 0; j < pools.size(); j++) {
            if (pools.get(j) != null
                    && pools.get(j).name() != null
                    && !pools.get(j).name().isBlank()) {
                checkPool(r, pools.get(j), path, path.key("pools").index(j));
            }
        }
    }

    private void checkName(String name, JsonPath relationship) {
        if (name == null || name.isBlank()) {
            return;
        }
        JsonPath path = relationship.key("name");
        int octets = name.getBytes(StandardCharsets.UTF_8).length;
        if (octets > MAX_NAME_OCTETS) {
            errors.add(
                    path,
                    "is "
                            + octets
                            + " octets long in UTF-8; a relationship name, sent in every CONNECT "
                            + "(RFC 8156 §5.5.14), is at most "
                            + MAX_NAME_OCTETS
                            + " octets");
        }
        JsonPath first = relationshipNames.putIfAbsent(name, relationship);
        if (first != null) {
            errors.add(
                    path,
                    "relationship name \""
                            + name
                            + "\" is already used by "
                            + first
                            + "; the partner selects a "
                            + "relationship by its name (RFC 8156 §6.2), so names must be unique");
        }
    }

    private void checkPool(
            RelationshipSection r, PoolReferenceSection ref, JsonPath relationship, JsonPath path) {
        HostPool pool = hostPools.get(ref.name());
        if (pool == null) {
            errors.add(
                    path.key("name"),
                    "no host pool is named \""
                            + ref.name()
                            + "\"; a relationship names pools defined "
                            + "in the host's \"pools\" or \"pd-pools\"");
            return;
        }
        Coverage first = coveredPools.putIfAbsent(ref.name(), new Coverage(r.name(), path));
        if (first != null) {
            errors.add(
                    path.key("name"),
                    first.path().text().startsWith(relationship.text() + ".")
                            ? "pool \""
                                    + ref.name()
                                    + "\" is listed twice in this relationship (also at "
                                    + first.path()
                                    + ")"
                            : "pool \""
                                    + ref.name()
                                    + "\" is already covered by relationship \""
                                    + first.relationship()
                                    + "\" ("
                                    + first.path()
                                    + "); a pool takes part in at most one failover relationship (RFC 7031 R2, RFC 8156 §6.2)");
        }
        Allocation allocation =
                ref.allocation() != null ? ref.allocation() : pool.kind().defaultAllocation();
        if (!pool.kind().allows(allocation)) {
            errors.add(
                    path.key("allocation"),
                    "\""
                            + allocation.name().toLowerCase(Locale.ROOT)
                            + "\" does not apply to "
                            + pool.kind().description()
                            + " (\""
                            + pool.name()
                            + "\"): "
                            + pool.kind().why()
                            + "; leave \"allocation\" out");
        } else if (allocation == Allocation.INDEPENDENT) {
            if (ref.secondaryShare() != null) {
                errors.add(path.key("secondary-share"), onlyProportional(pool));
            }
            if (ref.rebalanceThreshold() != null) {
                errors.add(path.key("rebalance-threshold"), onlyProportional(pool));
            }
        }
        long mclt = r.mclt() != null ? r.mclt() : DEFAULT_MCLT;
        if (mclt > pool.validLifetime()) {
            errors.addUnlessReported(
                    relationship.key("mclt"),
                    "the MCLT ("
                            + mclt
                            + " s) is longer than the valid lifetime ("
                            + pool.validLifetime()
                            + " s) of pool \""
                            + pool.name()
                            + "\"; the MCLT bounds how far a lease may run "
                            + "ahead of what the partner knows and is meant to be much shorter than the lease lifetime (RFC 8156 §4.4)");
        }
    }

    private static String onlyProportional(HostPool pool) {
        return "applies only to proportional allocation; pool \""
                + pool.name()
                + "\" uses independent allocation, which splits addresses by their lowest bit (RFC 8156 §4.2.1.1)";
    }

    private RelationshipConfig build(RelationshipSection r) {
        return new RelationshipConfig(
                r.name(),
                r.thisServerName(),
                r.role(),
                r.partner().name(),
                socket(r.partner().address(), r.partner().port()),
                socket(r.listen().address(), r.listen().port()),
                seconds(r.mclt(), DEFAULT_MCLT),
                (int)
                        (r.maxUnackedBndupd() != null
                                ? r.maxUnackedBndupd()
                                : DEFAULT_MAX_UNACKED_BNDUPD),
                seconds(r.keepaliveTime(), DEFAULT_KEEPALIVE_TIME),
                seconds(r.startupTime(), DEFAULT_STARTUP_TIME),
                Optional.ofNullable(r.autoPartnerDownDelay()).map(Duration::ofSeconds),
                r.pools().stream().map(this::assignment).toList(),
                new ConnectionLimits(
                        r.connectWait() != null
                                ? Duration.ofSeconds(r.connectWait())
                                : ConnectionLimits.DEFAULT_CONNECT_WAIT,
                        r.maxMessageSize() != null
                                ? r.maxMessageSize().intValue()
                                : ConnectionLimits.DEFAULT_MAX_MESSAGE_SIZE),
                Optional.ofNullable(r.tls()).map(tlsConfigs::get));
    }

    private PoolAssignment assignment(PoolReferenceSection ref) {
        HostPool pool = hostPools.get(ref.name());
        Allocation allocation =
                ref.allocation() != null ? ref.allocation() : pool.kind().defaultAllocation();
        OptionalInt share =
                allocation == Allocation.INDEPENDENT
                        ? OptionalInt.empty()
                        : OptionalInt.of(
                                ref.secondaryShare() != null
                                        ? ref.secondaryShare().intValue()
                                        : DEFAULT_SECONDARY_SHARE);
        OptionalInt threshold =
                allocation == Allocation.INDEPENDENT
                        ? OptionalInt.empty()
                        : OptionalInt.of(
                                ref.rebalanceThreshold() != null
                                        ? ref.rebalanceThreshold().intValue()
                                        : DEFAULT_REBALANCE_THRESHOLD);
        return new PoolAssignment(pool.name(), pool.kind(), allocation, share, threshold);
    }

    private static InetSocketAddress socket(String address, Long port) {
        return new InetSocketAddress(
                Addresses.parse(address).orElseThrow(),
                port != null ? port.intValue() : DEFAULT_FAILOVER_PORT);
    }

    private static Duration seconds(Long value, long defaultValue) {
        return Duration.ofSeconds(value != null ? value : defaultValue);
    }
}
