package org.dhcpfailover.plugin.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The binding model: RFC 8156 §7.2–§7.4 lease keys, clients, §7.3 times and the §7.7 marker. */
class BindingModelTest {

    @Test
    @DisplayName("§7.4: an address lease has length 128; a /128 prefix is a different lease")
    void addressAndPrefixLeases() {
        Lease address = Lease.address(Ipv6Address.parse("2001:db8:0:1::101"));
        Lease prefix = Lease.prefix(Ipv6Address.parse("2001:db8:0:1::101"), 128);
        assertEquals(128, address.prefixLength());
        assertFalse(address.isPrefix());
        assertTrue(prefix.isPrefix());
        assertNotEquals(address, prefix);
        assertEquals("2001:db8:0:1::101", address.toString());
        assertEquals("2001:db8:1::/48", Lease.prefix(Ipv6Address.parse("2001:db8:1::"), 48).toString());
        assertThrows(IllegalArgumentException.class,
                () -> new Lease(Ipv6Address.parse("2001:db8::1"), 64, Lease.Kind.ADDRESS));
        assertThrows(IllegalArgumentException.class, () -> Lease.prefix(Ipv6Address.parse("2001:db8::"), 129));
        assertThrows(IllegalArgumentException.class, () -> Lease.prefix(Ipv6Address.parse("2001:db8::"), -1));
    }

    @Test
    @DisplayName("docs/protocol.md §2: IPv4 leases are IPv4-mapped addresses; §4.2.1.1 bit 127 decides the owner")
    void ipv4MappedAndBit127() {
        assertTrue(Lease.address(Ipv6Address.parse("::ffff:192.0.2.1")).isIpv4Mapped());
        assertTrue(Lease.prefix(Ipv6Address.parse("::ffff:10.99.0.0"), 120).isIpv4Mapped());
        assertFalse(Lease.address(Ipv6Address.parse("2001:db8::ffff:c000:201")).isIpv4Mapped());
        assertFalse(Lease.address(Ipv6Address.parse("::1:ffff:c000:201")).isIpv4Mapped());
        assertFalse(Lease.address(Ipv6Address.parse("::c000:201")).isIpv4Mapped());
        assertTrue(Lease.address(Ipv6Address.parse("2001:db8:0:1::101")).lastBitSet());
        assertFalse(Lease.address(Ipv6Address.parse("2001:db8:0:1::100")).lastBitSet());
    }

    @Test
    @DisplayName("§7.4: a client is DUID + IA type + IAID; IA types map to options 3, 4, 25")
    void clients() {
        OctetString duid = OctetString.fromHex("000100012d000000005056aabbcc");
        assertEquals(new BindingClient(duid, IaType.IA_NA, 1), new BindingClient(duid, IaType.IA_NA, 1));
        assertNotEquals(new BindingClient(duid, IaType.IA_NA, 1), new BindingClient(duid, IaType.IA_NA, 2));
        assertNotEquals(new BindingClient(duid, IaType.IA_NA, 1), new BindingClient(duid, IaType.IA_TA, 1));
        assertThrows(IllegalArgumentException.class, () -> new BindingClient(duid, IaType.IA_NA, 4294967296L));
        assertEquals(IaType.IA_PD, IaType.of(OptionCode.IA_PD));
        assertEquals(IaType.IA_TA, IaType.of(OptionCode.IA_TA));
        assertEquals(3, IaType.IA_NA.optionCode().code());
        assertTrue(IaType.IA_PD.holdsPrefixes());
        assertFalse(IaType.IA_NA.holdsPrefixes());
        assertFalse(IaType.IA_TA.hasRenewalTimes());
        assertTrue(IaType.IA_NA.hasRenewalTimes());
        assertThrows(IllegalArgumentException.class, () -> IaType.of(OptionCode.IAADDR));
    }

    @Test
    @DisplayName("§7.3: local conflict time is client-last-transaction-time if known, else start-time-of-state")
    void conflictTime() {
        assertEquals(757382410L, new LeaseTimes(0, 0, 0, 757382410L, 0, 757382400L, 0).conflictTime());
        assertEquals(757382400L, new LeaseTimes(0, 0, 0, 0, 0, 757382400L, 0).conflictTime());
        assertThrows(IllegalArgumentException.class, () -> new LeaseTimes(0, 0, 0, 0, 0, 4294967296L, 0));
        assertThrows(IllegalArgumentException.class, () -> new LeaseTimes(-1, 0, 0, 0, 0, 0, 0));
    }

    @Test
    @DisplayName("§7.7: an acknowledgement sets acked-partner-lifetime and clears partner-lifetime")
    void acknowledged() {
        LeaseTimes times = new LeaseTimes(1, 2, 757643410L, 4, 5, 6, 7);
        assertEquals(new LeaseTimes(1, 757643410L, 0, 4, 5, 6, 7), times.acknowledged(757643410L));
        assertEquals(new LeaseTimes(1, 2, 9, 4, 5, 6, 7), times.withPartnerLifetime(9));
        assertEquals(new LeaseTimes(1, 2, 757643410L, 9, 5, 6, 7), times.withClientLastTransactionTime(9));
        assertEquals(new LeaseTimes(1, 2, 757643410L, 4, 5, 10, 11), times.withState(10, 11));
    }

    @Test
    @DisplayName("§8.4.1 (A4): the client's expiry is grant time + valid lifetime; 0 if never granted")
    void clientExpiry() {
        assertEquals(757386010L, new ClientLifetimes(757382410L, 3600, 3600, 1800, 2880).clientExpiry());
        assertEquals(0L, ClientLifetimes.NONE.clientExpiry());
        assertThrows(IllegalArgumentException.class, () -> new ClientLifetimes(0, 0, 4294967296L, 0, 0));
    }

    @Test
    @DisplayName("§4.3, §7.7: the partner must be told until it acknowledged; a new pool lease needs nothing")
    void marker() {
        assertFalse(PartnerSync.ACKNOWLEDGED.partnerMustBeTold());
        assertTrue(PartnerSync.PENDING.partnerMustBeTold());
        assertTrue(PartnerSync.SENT.partnerMustBeTold());
        Binding free = Binding.initial(Lease.address(Ipv6Address.parse("2001:db8::1")), BindingStatus.FREE,
                757382400L);
        assertEquals(Optional.empty(), free.client());
        assertEquals(757382400L, free.times().startTimeOfState());
        assertEquals(0L, free.times().stateExpirationTime());
        assertEquals(PartnerSync.ACKNOWLEDGED, free.sync());
        assertFalse(free.isBoundTo(new BindingClient(OctetString.fromHex("000300"), IaType.IA_NA, 0)));
        assertEquals(PartnerSync.SENT, free.withSync(PartnerSync.SENT).sync());
    }
}
