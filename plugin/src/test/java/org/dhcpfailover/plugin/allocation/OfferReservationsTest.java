package org.dhcpfailover.plugin.allocation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.Test;

/** Offered leases held for their client (RFC 2131 §4.3.1), bounded in time and number. */
class OfferReservationsTest {
    private static final long T0 = 757_382_400L;

    private static BindingClient client(int n) {
        return new BindingClient(OctetString.fromHex(String.format("00030001aabbccdd%08x", n)), IaType.IA_NA, 1);
    }

    private static Lease lease(int n) {
        return Lease.address(new Ipv6Address(0x20010db800000000L, n));
    }

    @Test
    void anOfferIsHeldForItsClientUntilTheHoldEnds() {
        OfferReservations offers = new OfferReservations();
        offers.hold("lan", client(1), lease(1), T0);
        assertEquals(Optional.of(lease(1)), offers.offeredTo("lan", client(1), T0 + 1));
        assertEquals(Optional.empty(), offers.offeredTo("other", client(1), T0 + 1), "per pool");
        assertTrue(offers.heldFor(lease(1), client(1), T0 + 1));
        assertTrue(offers.heldForAnother(lease(1), client(2), T0 + 1));
        assertFalse(offers.heldForAnother(lease(1), client(1), T0 + 1));

        long end = T0 + OfferReservations.HOLD_SECONDS;
        assertTrue(offers.heldFor(lease(1), client(1), end - 1));
        assertFalse(offers.heldFor(lease(1), client(1), end), "held for HOLD_SECONDS, then forgotten");
        assertFalse(offers.heldForAnother(lease(1), client(2), end));
        assertEquals(0, offers.size());
    }

    @Test
    void aNewOfferReplacesTheClientsEarlierOneAndADropEndsIt() {
        OfferReservations offers = new OfferReservations();
        offers.hold("lan", client(1), lease(1), T0);
        offers.hold("lan", client(1), lease(2), T0 + 1);
        assertEquals(Optional.of(lease(2)), offers.offeredTo("lan", client(1), T0 + 2));
        assertFalse(offers.heldForAnother(lease(1), client(2), T0 + 2), "the earlier lease is free again");
        offers.hold("lan", client(2), lease(2), T0 + 3);
        assertEquals(Optional.empty(), offers.offeredTo("lan", client(1), T0 + 3), "a lease is one client's offer");
        offers.drop(lease(2));
        assertEquals(Optional.empty(), offers.offeredTo("lan", client(2), T0 + 3));
        assertEquals(0, offers.size());
    }

    @Test
    void aFloodOfNewClientsKeepsAtMostCapacityOffersDroppingTheOldest() {
        OfferReservations offers = new OfferReservations();
        int flood = OfferReservations.CAPACITY + 10;
        for (int i = 0; i < flood; i++) {
            offers.hold("lan", client(i), lease(i), T0);
        }
        assertEquals(OfferReservations.CAPACITY, offers.size());
        assertEquals(Optional.empty(), offers.offeredTo("lan", client(0), T0), "the oldest went first");
        assertEquals(Optional.of(lease(flood - 1)), offers.offeredTo("lan", client(flood - 1), T0));
    }
}
