package org.dhcpfailover.plugin.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The MCLT rule (RFC 8156 §4.4, §4.4.1, §8.4.1). All times are absolute seconds from T0 =
 * 2024-01-01T00:00:00Z = 757382400; MCLT = 1 h = 3600 s, desired = 3 d = 259200 s, T1 = ½.
 */
class McltRuleTest {
    private static final McltRule RULE = new McltRule(3600, 0.5);
    private static final long DESIRED = 259200;

    @Test
    @DisplayName("RFC 8156 §4.4.1 Figure 1: 1 h first, then 3 d; partner lifetimes 3 d + ½ h, then 4.5 d")
    void figure1() {
        // t = T0: new lease, nothing acknowledged yet: min(3 d, 0 + 1 h) = 1 h;
        // partner lifetime = T0 + 3 d + ½ × 1 h = 757382400 + 259200 + 1800.
        assertEquals(new LifetimeGrant(3600, 757643400L), RULE.grant(757382400L, DESIRED, 0, true, true));

        // t + 30 min (T1) = 757384200, after the partner acknowledged 757643400 (3 d remaining):
        // min(3 d, 3 d + 1 h) = 3 d; partner lifetime = now + 3 d + ½ × 3 d = 757384200 + 388800.
        assertEquals(new LifetimeGrant(259200, 757773000L),
                RULE.grant(757384200L, DESIRED, 757643400L, true, false));

        // t + 30 min + 1.5 d (T1 again) = 757513800, acknowledged 757773000 (3 d remaining):
        // 3 d again; partner lifetime = 757513800 + 388800.
        assertEquals(new LifetimeGrant(259200, 757902600L),
                RULE.grant(757513800L, DESIRED, 757773000L, true, false));
    }

    @Test
    @DisplayName("RFC 8156 §8.4.1: PARTNER-DOWN gives the desired lifetime uncapped")
    void partnerDownIsUncapped() {
        assertEquals(new LifetimeGrant(259200, 757771200L), RULE.grant(757382400L, DESIRED, 0, false, true));
    }

    @Test
    @DisplayName("RFC 8156 §8.9: in COMMUNICATIONS-INTERRUPTED the acked lifetime runs out and lifetimes shrink to the MCLT")
    void shrinksTowardsMclt() {
        // acked 757643400, now 757643000: 400 s left, + 1 h = 4000 s.
        assertEquals(new LifetimeGrant(4000, 757904200L), RULE.grant(757643000L, DESIRED, 757643400L, true, false));
        // acked lifetime already past: only the MCLT.
        assertEquals(new LifetimeGrant(3600, 757905400L), RULE.grant(757644400L, DESIRED, 757643400L, true, false));
    }

    @Test
    @DisplayName("RFC 8156 §4.4: a desired lifetime below the cap is given as is")
    void desiredBelowCap() {
        assertEquals(new LifetimeGrant(600, 757383300L), RULE.grant(757382400L, 600, 0, true, true));
    }

    @Test
    @DisplayName("RFC 8156 §1: new leases are at least 30 s; renewals may be shorter")
    void thirtySecondMinimum() {
        assertEquals(new LifetimeGrant(30, 757382445L), RULE.grant(757382400L, 10, 0, true, true));
        assertEquals(new LifetimeGrant(10, 757382415L), RULE.grant(757382400L, 10, 0, true, false));
        McltRule tiny = new McltRule(20, 0.5);
        assertThrows(IllegalArgumentException.class, () -> tiny.grant(757382400L, 600, 0, true, true));
        assertEquals(new LifetimeGrant(20, 757383010L), tiny.grant(757382400L, 600, 0, true, false));
    }

    @Test
    @DisplayName("RFC 8156 §3: absolute times wrap modulo 2^32 (4294967095 + 261000 − 2^32 = 260799)")
    void wraps() {
        assertEquals(new LifetimeGrant(3600, 260799L), RULE.grant(4294967095L, DESIRED, 0, true, true));
    }

    @Test
    @DisplayName("RFC 8156 §4.4.1: T1 fraction must lie in (0, 1]")
    void badFraction() {
        assertThrows(IllegalArgumentException.class, () -> new McltRule(3600, 0));
        assertThrows(IllegalArgumentException.class, () -> new McltRule(3600, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new McltRule(3600, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new McltRule(-1, 0.5));
    }

    @Test
    @DisplayName("§4.4: an infinite lifetime (0xffffffff) cannot be granted under failover")
    void infiniteLifetimeRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> RULE.grant(757382400L, 0xFFFFFFFFL, 0, false, false));
        assertEquals("an infinite lifetime cannot be granted under failover", refused.getMessage());
    }
}
