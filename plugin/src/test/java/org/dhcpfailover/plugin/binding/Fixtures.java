package org.dhcpfailover.plugin.binding;

import java.util.Optional;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;

/** Shared values of the binding tests; T0 and the client are those of digest §13. */
final class Fixtures {
    /** 2024-01-01T00:00:00Z as an absolute time. */
    static final long T0 = 757382400L;
    /** The DUID-LLT of digest §13. */
    static final OctetString DUID_A = OctetString.fromHex("000100012d000000005056aabbcc");
    /** Another client's DUID-LL. */
    static final OctetString DUID_B = OctetString.fromHex("00030001005056ddeeff");
    static final BindingClient CLIENT_A = new BindingClient(DUID_A, IaType.IA_NA, 1);
    static final BindingClient CLIENT_B = new BindingClient(DUID_B, IaType.IA_NA, 1);
    /** 2001:db8:0:1::101, primary-owned (bit 127 = 1). */
    static final Lease ADDRESS = Lease.address(Ipv6Address.parse("2001:db8:0:1::101"));

    private Fixtures() {
    }

    /** A binding of {@link #ADDRESS} to {@code client} (null: none) with the given status and times. */
    static Binding binding(BindingStatus status, BindingClient client, LeaseTimes times, PartnerSync sync) {
        return new Binding(ADDRESS, Optional.ofNullable(client), status, times, ClientLifetimes.NONE, sync, 0,
                EchoedData.NONE);
    }

    /** A received update for {@link #ADDRESS} with only the times the conflict table reads. */
    static ReceivedLease received(BindingStatus status, BindingClient client, long start, OptionalLong clt) {
        return new ReceivedLease(ADDRESS, Optional.ofNullable(client), status, start, OptionalLong.empty(), clt,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), ClientLifetimes.NONE,
                EchoedData.NONE);
    }
}
