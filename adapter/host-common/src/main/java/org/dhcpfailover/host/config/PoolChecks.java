package org.dhcpfailover.host.config;

import org.dhcpfailover.config.ConfigurationErrors;
import org.dhcpfailover.config.JsonPath;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Rules that compare pools with each other or a pool's lifetimes with each other. */
final class PoolChecks {

    /** The largest value a 32-bit lifetime field carries. */
    static final long MAX_LIFETIME = 4294967295L;

    /** A pool as far as these rules need it: name, where it is written, its range if it parsed. */
    record CheckedPool(String name, JsonPath path, Optional<AddressRange> range) {}

    private PoolChecks() {}

    /**
     * Pool names are unique across "pools" and "pd-pools": a failover relationship names the pools
     * it covers, so one name must mean one pool.
     */
    static void uniqueNames(List<CheckedPool> pools, ConfigurationErrors errors) {
        Map<String, JsonPath> seen = new HashMap<>();
        for (CheckedPool pool : pools) {
            if (pool.name() == null || pool.name().isBlank()) {
                continue;
            }
            JsonPath first = seen.putIfAbsent(pool.name(), pool.path());
            if (first != null) {
                errors.addUnlessReported(
                        pool.path().key("name"),
                        "pool name \""
                                + pool.name()
                                + "\" is already used by "
                                + first
                                + "; failover relationships refer to pools by name, so each name must be unique");
            }
        }
    }

    /**
     * No two pools share an address (or, for delegable prefixes, a prefix): the same address in two
     * pools could be handed to two clients, and under failover it would be in two allocation plans.
     */
    static void noOverlap(List<CheckedPool> pools, String rangeKey, ConfigurationErrors errors) {
        for (int i = 0; i < pools.size(); i++) {
            for (int j = 0; j < i; j++) {
                CheckedPool later = pools.get(i);
                CheckedPool earlier = pools.get(j);
                if (later.range().isPresent()
                        && earlier.range().isPresent()
                        && later.range().get().overlaps(earlier.range().get())) {
                    errors.addUnlessReported(
                            later.path().key(rangeKey),
                            later.range().get()
                                    + " overlaps pool \""
                                    + earlier.name()
                                    + "\" ("
                                    + earlier.range().get()
                                    + "); an address may belong to one pool only");
                }
            }
        }
    }

    /**
     * The preferred lifetime may not exceed the valid lifetime: a client discards an address whose
     * preferred lifetime is longer than its valid lifetime (RFC 3315 §22.6, and §22.19 for prefixes).
     * Checked where either value is written; {@code inherited*} are the values that apply otherwise.
     */
    static void preferredWithinValid(
            Long valid,
            Long preferred,
            long inheritedValid,
            long inheritedPreferred,
            JsonPath at,
            ConfigurationErrors errors) {
        if (valid == null && preferred == null) {
            return;
        }
        long v = valid != null ? valid : inheritedValid;
        long p = preferred != null ? preferred : inheritedPreferred;
        if (!inRange(v) || !inRange(p) || p <= v) {
            return;
        }
        JsonPath path = preferred != null ? at.key("preferred-lifetime") : at.key("valid-lifetime");
        errors.addUnlessReported(
                path,
                "the preferred lifetime ("
                        + p
                        + " s) is longer than the valid lifetime ("
                        + v
                        + " s); clients discard such addresses and prefixes (RFC 3315 §22.6, RFC 3633 §10)");
    }

    private static boolean inRange(long lifetime) {
        return lifetime >= 1 && lifetime <= MAX_LIFETIME;
    }
}
