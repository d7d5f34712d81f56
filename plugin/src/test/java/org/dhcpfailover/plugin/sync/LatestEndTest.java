package org.dhcpfailover.plugin.sync;

import static org.dhcpfailover.plugin.sync.SyncFixtures.ADDRESS_1;
import static org.dhcpfailover.plugin.sync.SyncFixtures.CLIENT_A;
import static org.dhcpfailover.plugin.sync.SyncFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.junit.jupiter.api.Test;

/**
 * A renewal the partner never heard of (RFC 8156 §4.4, §7.2, §7.5.4; docs/protocol.md §5, "the
 * latest end granted stands"): the primary renews a client while cut off from the secondary
 * (COMMUNICATIONS-INTERRUPTED, within the MCLT rule), the secondary expires the lease when the
 * lifetime it knows runs out — and may give it back to the same client for less — and the two
 * meet again. The client may hold the lease until the renewal's end, so both stores must end
 * with it ACTIVE until then.
 */
class LatestEndTest {
    private final SyncPair pair = new SyncPair();

    private Binding on(SyncPair.Side side) {
        return side.ledger.find(ADDRESS_1).orElseThrow();
    }

    /** The primary renews at T0+300 for 600 s while cut off; the secondary expires the lease at T0+601. */
    private Binding renewedWhileCutOffAndExpiredByThePartner() {
        pair.connect(10);
        pair.primary.ledger.grant(ADDRESS_1, CLIENT_A, 600, 600, T0);
        pair.settle();
        assertEquals(T0 + 600, on(pair.secondary).times().stateExpirationTime());

        pair.disconnect();
        pair.now = T0 + 300;
        Binding renewed = pair.primary.ledger.grant(ADDRESS_1, CLIENT_A, 600, 600, pair.now).binding();
        assertEquals(T0 + 900, renewed.lifetimes().clientExpiry(), "renewed at T1 while cut off");
        pair.primary.sync();
        pair.now = T0 + 601;
        pair.secondary.sync.tick(pair.now, false);
        assertEquals(BindingStatus.EXPIRED, on(pair.secondary).status(), "the lifetime the secondary knows ran out");
        assertTrue(on(pair.secondary).times().startTimeOfState() - renewed.times().clientLastTransactionTime() > 5,
                "the expiry is 'newer' than the renewal by more than the §7.5.4 tolerance");
        pair.secondary.sync();
        return renewed;
    }

    @Test
    void anExpiryThePartnersRenewalOutlivesGivesWay_rfc8156_7_5_4() {
        renewedWhileCutOffAndExpiredByThePartner();
        pair.now = T0 + 610;
        pair.connect(10);
        pair.settle();
        bothHoldItUntilTheRenewalsEnd();
    }

    @Test
    void aShorterGrantToTheSameClientDoesNotShortenTheLease_rfc8156_7_5_4() {
        renewedWhileCutOffAndExpiredByThePartner();
        // The client asks the secondary, which gives it its expired lease back for 60 s; the reply
        // is lost in a crash, so the client still holds the primary's renewal until T0+900.
        pair.now = T0 + 620;
        Binding shorter = pair.secondary.ledger.grant(ADDRESS_1, CLIENT_A, 60, 60, pair.now).binding();
        assertEquals(T0 + 680, shorter.lifetimes().clientExpiry());
        pair.secondary.sync();
        pair.now = T0 + 630;
        pair.connect(10);
        pair.settle();
        bothHoldItUntilTheRenewalsEnd();
    }

    private void bothHoldItUntilTheRenewalsEnd() {
        for (SyncPair.Side side : List.of(pair.secondary, pair.primary)) {
            Binding binding = on(side);
            assertEquals(BindingStatus.ACTIVE, binding.status(), side.role + ": the client holds it until T0+900");
            assertTrue(binding.isBoundTo(CLIENT_A), side.role + ": bound to the client");
            assertEquals(T0 + 900, binding.times().stateExpirationTime(), side.role + ": until the renewal's end");
            assertFalse(binding.sync().partnerMustBeTold(), side.role + ": nothing left to tell");
        }
    }
}
