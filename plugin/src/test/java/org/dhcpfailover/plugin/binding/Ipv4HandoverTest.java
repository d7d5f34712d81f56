package org.dhcpfailover.plugin.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.FailoverMessageEncoder;
import org.dhcpfailover.plugin.wire.IaPrefixOption;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.junit.jupiter.api.Test;

/**
 * A free IPv4 address handed between the servers travels as a stand-alone IAPREFIX
 * {@code ::ffff:a.b.c.d/128} and is the same lease as the address a client later holds
 * (docs/protocol.md §2, RFC 8156 §4.2.2 applied to IPv4 pools).
 */
class Ipv4HandoverTest {
    private static final long T0 = 757_382_400L;
    private static final Lease MAPPED = Lease.address(Ipv6Address.parse("::ffff:10.99.0.7"));

    @Test
    void aFreeBackupIpv4AddressRoundTripsAsAStandAloneIaprefix() throws Exception {
        assertTrue(MAPPED.standsAlone(), "a free IPv4 address can be described without a client");
        Binding backup = Binding.initial(MAPPED, BindingStatus.FREE_BACKUP, T0).withSync(PartnerSync.PENDING);
        FailoverMessage update = BindingUpdateBuilder.forPrefix(5, T0, backup);
        IaPrefixOption standalone = update.first(OptionCode.IAPREFIX, IaPrefixOption.class).orElseThrow();
        assertEquals(128, standalone.prefixLength());
        assertEquals(Ipv6Address.parse("::ffff:10.99.0.7"), standalone.prefix());

        FailoverMessage decoded = FailoverMessageDecoder.decode(FailoverMessageEncoder.encode(update));
        ParsedUpdate parsed = BindingUpdateParser.parse(decoded);
        assertEquals(MAPPED, parsed.leases().get(0).lease(), "read back as the address lease, not a /128 prefix");
        assertEquals(BindingStatus.FREE_BACKUP, parsed.leases().get(0).status());
    }

    @Test
    void anIpv6AddressCannotStandAlone_rfc8156_7_4() {
        assertFalse(Lease.address(Ipv6Address.parse("2001:db8::1")).standsAlone());
        assertEquals(Lease.prefix(Ipv6Address.parse("::ffff:10.99.0.0"), 120),
                Lease.of(new IaPrefixOption(0, 0, 120, Ipv6Address.parse("::ffff:10.99.0.0"), java.util.List.of())),
                "a shorter mapped prefix stays a prefix");
    }
}
