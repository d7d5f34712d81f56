package org.dhcpfailover.plugin.hook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.time.Instant;
import java.util.Optional;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.ResourceKind;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.EchoedData;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseTimes;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The SPI's JDK types and the plugin's lease model, both ways (docs/protocol.md §2; RFC 8156 §7.2, §7.4). */
class LeaseTranslationTest {
    private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");
    private static final long T0 = AbsoluteTime.fromInstant(NOW);
    private static final byte[] DUID = {0, 3, 0, 1, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f};

    private static Binding binding(Lease lease, BindingStatus status, IaType type) {
        return new Binding(lease, Optional.of(new BindingClient(OctetString.of(DUID), type, 7)), status,
                new LeaseTimes(0, 0, 0, T0, 0, T0, T0 + 3600), new ClientLifetimes(T0, 1800, 3600, 1800, 2880),
                PartnerSync.ACKNOWLEDGED, 0, EchoedData.NONE);
    }

    @Test
    void anIpv4LeaseIsItsMappedAddressInsideAndAnIpv4AddressOutside_protocol_md_2() {
        HostLease shown = LeaseTranslation.hostLease(binding(Lease.address(Ipv6Address.parse("::ffff:10.99.0.5")),
                BindingStatus.ACTIVE, IaType.IA_NA), NOW);

        assertTrue(shown.address() instanceof Inet4Address);
        assertEquals(TestHost.address("10.99.0.5"), shown.address());
        assertEquals(32, shown.prefixLength());
        assertEquals(ResourceKind.IPV4_ADDRESS, shown.client().kind());
        assertEquals(Lease.address(Ipv6Address.parse("::ffff:10.99.0.5")), LeaseTranslation.lease(shown));
    }

    @Test
    void aPrefixKeepsItsLengthAndAnAddressStaysIpv6_rfc8156_7_4() {
        Lease prefix = Lease.prefix(Ipv6Address.parse("2001:db8:100:300::"), 56);
        HostLease shown = LeaseTranslation.hostLease(binding(prefix, BindingStatus.ACTIVE, IaType.IA_PD), NOW);
        assertEquals(56, shown.prefixLength());
        assertEquals(ResourceKind.IPV6_PREFIX, shown.client().kind());
        assertEquals(prefix, LeaseTranslation.lease(shown));

        Lease address = Lease.address(Ipv6Address.parse("2001:db8::5"));
        HostLease temporary = LeaseTranslation.hostLease(binding(address, BindingStatus.ACTIVE, IaType.IA_TA), NOW);
        assertTrue(temporary.address() instanceof Inet6Address);
        assertEquals(128, temporary.prefixLength());
        assertEquals(ResourceKind.IPV6_TEMPORARY_ADDRESS, temporary.client().kind());
        assertEquals(address, LeaseTranslation.lease(temporary));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"IPV4_ADDRESS, IA_NA", "IPV6_ADDRESS, IA_NA", "IPV6_TEMPORARY_ADDRESS, IA_TA", "IPV6_PREFIX, IA_PD"})
    void aClientKeyIsTheSameDuidAndIaidInItsIaType_rfc8156_7_4(ResourceKind kind, IaType type) {
        BindingClient client = LeaseTranslation.client(new ClientKey(DUID, kind, 42));
        assertEquals(new BindingClient(OctetString.of(DUID), type, 42), client);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"ACTIVE, ACTIVE", "ABANDONED, ABANDONED", "EXPIRED, FREE", "RELEASED, FREE", "FREE, FREE",
            "FREE_BACKUP, FREE", "RESET, FREE"})
    void aBindingStatusIsShownAsWhatTheHostMayDoWithIt_rfc8156_7_2(String status, HostLease.State shown) {
        BindingStatus value = switch (status) {
            case "ACTIVE" -> BindingStatus.ACTIVE;
            case "ABANDONED" -> BindingStatus.ABANDONED;
            case "EXPIRED" -> BindingStatus.EXPIRED;
            case "RELEASED" -> BindingStatus.RELEASED;
            case "FREE" -> BindingStatus.FREE;
            case "FREE_BACKUP" -> BindingStatus.FREE_BACKUP;
            default -> BindingStatus.RESET;
        };
        Lease lease = Lease.address(Ipv6Address.parse("2001:db8::5"));
        assertEquals(shown, LeaseTranslation.hostLease(binding(lease, value, IaType.IA_NA), NOW).state());
    }

    @Test
    void timesAreWhatTheClientWasToldFromTheGrant_rfc8156_7_4() {
        HostLease shown = LeaseTranslation.hostLease(binding(Lease.address(Ipv6Address.parse("2001:db8::5")),
                BindingStatus.ACTIVE, IaType.IA_NA), NOW.plusSeconds(10));

        assertEquals(NOW.plusSeconds(3600), shown.validUntil());
        assertEquals(NOW.plusSeconds(1800), shown.preferredUntil());
        assertEquals(NOW.plusSeconds(1800), shown.renewAt());
        assertEquals(NOW.plusSeconds(2880), shown.rebindAt());
    }

    @Test
    void aResourceNobodyHeldBelongsToTheHooksOwnStableKey() {
        Lease prefix = Lease.prefix(Ipv6Address.parse("2001:db8:100::"), 56);
        HostLease free = LeaseTranslation.hostLease(Binding.initial(prefix, BindingStatus.FREE_BACKUP, T0), NOW);
        HostLease again = LeaseTranslation.hostLease(Binding.initial(prefix, BindingStatus.FREE, T0 + 5), NOW);

        assertEquals(HostLease.State.FREE, free.state());
        assertEquals(free.client(), again.client());
        assertEquals(4, free.client().duid()[1], "DUID-UUID (RFC 6355)");
        assertEquals(18, free.client().duid().length);
        assertNotEquals(new ClientKey(DUID, ResourceKind.IPV6_PREFIX, 0), free.client());
        assertEquals(NOW, free.validUntil(), "never granted: the start of its state");
    }

    @Test
    void theLifetimesLeftOfAHostsLeaseAreCountedFromNowWithinTheValidLifetime() {
        HostLease held = new HostLease(new ClientKey(DUID, ResourceKind.IPV4_ADDRESS, 0), TestHost.address("10.0.0.1"),
                32, HostLease.State.ACTIVE, NOW.plusSeconds(100), NOW.plusSeconds(150), NOW.plusSeconds(30),
                NOW.minusSeconds(5));
        assertEquals(new ClientLifetimes(T0, 100, 100, 30, 30), LeaseTranslation.lifetimesLeft(held, T0, NOW),
                "preferred capped to valid, T2 at least T1");

        HostLease over = new HostLease(held.client(), held.address(), 32, HostLease.State.ACTIVE, NOW.minusSeconds(1),
                NOW.minusSeconds(1), NOW.minusSeconds(1), NOW.minusSeconds(1));
        assertEquals(new ClientLifetimes(T0, 0, 1, 0, 0), LeaseTranslation.lifetimesLeft(over, T0, NOW));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1},
                LeaseTranslation.ipv6(held.address()).toBytes());
    }

    @Test
    void anAcknowledgementShowsTheHostTheSameLeaseAndAGrantOrStatusChangeDoesNot_rfc8156_7_7() {
        Lease lease = Lease.address(Ipv6Address.parse("::ffff:10.99.0.5"));
        Binding sent = binding(lease, BindingStatus.ACTIVE, IaType.IA_NA).withSync(PartnerSync.SENT);
        // §7.7: the partner's BNDREPLY moves the acknowledged partner lifetime and the marker only
        Binding acked = sent.withTimes(sent.times().acknowledged(T0 + 7200)).withSync(PartnerSync.ACKNOWLEDGED);
        assertTrue(LeaseTranslation.showsHostTheSame(sent, acked));
        assertEquals(LeaseTranslation.hostLease(sent, NOW), LeaseTranslation.hostLease(acked, NOW));

        Binding renewed = new Binding(lease, acked.client(), BindingStatus.ACTIVE, acked.times(),
                new ClientLifetimes(T0 + 60, 1800, 3600, 1800, 2880), PartnerSync.PENDING, 0, EchoedData.NONE);
        assertFalse(LeaseTranslation.showsHostTheSame(acked, renewed));
        assertNotEquals(LeaseTranslation.hostLease(acked, NOW), LeaseTranslation.hostLease(renewed, NOW));

        Binding expired = acked.withStatus(BindingStatus.EXPIRED, acked.times(), PartnerSync.PENDING);
        assertFalse(LeaseTranslation.showsHostTheSame(acked, expired));
        Binding otherClient = new Binding(lease, Optional.of(new BindingClient(OctetString.of(DUID), IaType.IA_NA, 8)),
                BindingStatus.ACTIVE, acked.times(), acked.lifetimes(), PartnerSync.ACKNOWLEDGED, 0, EchoedData.NONE);
        assertFalse(LeaseTranslation.showsHostTheSame(acked, otherClient));

        // never granted: the host sees the start of the state, so a new state time is news
        Binding free = Binding.initial(lease, BindingStatus.FREE, T0);
        Binding freeLater = Binding.initial(lease, BindingStatus.FREE, T0 + 10);
        assertTrue(LeaseTranslation.showsHostTheSame(free, free.withSync(PartnerSync.PENDING)));
        assertFalse(LeaseTranslation.showsHostTheSame(free, freeLater));
        assertNotEquals(LeaseTranslation.hostLease(free, NOW), LeaseTranslation.hostLease(freeLater, NOW));
    }
}
