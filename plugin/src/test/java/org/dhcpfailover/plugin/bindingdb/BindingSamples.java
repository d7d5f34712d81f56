package org.dhcpfailover.plugin.bindingdb;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.EchoedData;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseTimes;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.ClientFqdnOption;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.DnsNameOption;
import org.dhcpfailover.plugin.wire.DnsRemovalInfoOption;
import org.dhcpfailover.plugin.wire.FlagsOption;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.LqRelayDataOption;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.ReconfigureDataOption;
import org.dhcpfailover.plugin.wire.UnknownOption;

/** Bindings for the database tests: a typical one, and random ones covering every field. */
final class BindingSamples {
    /** 2024-01-01T00:00:00Z as an absolute time (digest §13). */
    static final long T0 = 757382400L;
    /** A DUID-LLT of 14 octets, the common size. */
    static final OctetString DUID = OctetString.fromHex("000100012d000000005056aabbcc");

    private BindingSamples() {
    }

    /** The n-th address of 2001:db8:1::/64. */
    static Lease address(int n) {
        return Lease.address(new Ipv6Address(0x20010db800010000L, n));
    }

    /** A DUID-LL for client number {@code n}. */
    static OctetString duid(int n) {
        return OctetString.of((byte) 0, (byte) 3, (byte) 0, (byte) 1, (byte) 0x02, (byte) 0,
                (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n);
    }

    /**
     * An ACTIVE IA_NA address binding as a server in NORMAL holds it after a BNDREPLY: a 14-octet
     * DUID, one-hour lifetimes, the partner's acknowledgement recorded, nothing to echo.
     */
    static Binding typicalAddress(Lease lease, OctetString duid, long iaid) {
        long now = T0;
        return new Binding(lease, Optional.of(new BindingClient(duid, IaType.IA_NA, iaid)), BindingStatus.ACTIVE,
                new LeaseTimes(now + 3600, now + 3600, 0, now, now - 2, now, now + 3600),
                new ClientLifetimes(now, 1800, 3600, 900, 1440), PartnerSync.ACKNOWLEDGED, 0, EchoedData.NONE);
    }

    /** A binding with every field drawn at random (zeros and extremes included). */
    static Binding random(Random random) {
        Lease lease = random.nextBoolean()
                ? Lease.address(new Ipv6Address(random.nextLong(), random.nextLong()))
                : Lease.prefix(new Ipv6Address(random.nextLong(), random.nextLong()), random.nextInt(129));
        Optional<BindingClient> client = random.nextInt(4) == 0 ? Optional.empty()
                : Optional.of(new BindingClient(octets(random, random.nextInt(131)),
                        IaType.values()[random.nextInt(IaType.values().length)], uint32(random)));
        BindingStatus status = random.nextInt(5) == 0 ? BindingStatus.valueOf(random.nextInt(256))
                : List.copyOf(BindingStatus.knownValues()).get(random.nextInt(BindingStatus.knownValues().size()));
        LeaseTimes times = new LeaseTimes(uint32(random), uint32(random), uint32(random), uint32(random),
                uint32(random), uint32(random), uint32(random));
        ClientLifetimes lifetimes = new ClientLifetimes(uint32(random), uint32(random), uint32(random),
                uint32(random), uint32(random));
        PartnerSync sync = PartnerSync.values()[random.nextInt(PartnerSync.values().length)];
        return new Binding(lease, client, status, times, lifetimes, sync, uint32(random), echoed(random));
    }

    private static EchoedData echoed(Random random) {
        if (random.nextInt(3) == 0) {
            return EchoedData.NONE;
        }
        List<DhcpOption> clientOptions = new ArrayList<>();
        if (random.nextBoolean()) {
            clientOptions.add(new ReconfigureDataOption(uint32(random), octets(random, 16)));
        }
        if (random.nextBoolean()) {
            clientOptions.add(new LqRelayDataOption(new Ipv6Address(random.nextLong(), random.nextLong()),
                    octets(random, random.nextInt(60))));
        }
        if (random.nextBoolean()) {
            clientOptions.add(dnsRemovalInfo(random));
        }
        if (random.nextInt(4) == 0) {
            clientOptions.add(new UnknownOption(OptionCode.valueOf(60000 + random.nextInt(5000)),
                    octets(random, random.nextInt(20))));
        }
        List<DhcpOption> leaseOptions = new ArrayList<>();
        if (random.nextBoolean()) {
            leaseOptions.add(new ClientFqdnOption(random.nextInt(8), octets(random, 1 + random.nextInt(40))));
        }
        if (random.nextBoolean()) {
            leaseOptions.add(dnsRemovalInfo(random));
        }
        return new EchoedData(clientOptions, leaseOptions);
    }

    private static DhcpOption dnsRemovalInfo(Random random) {
        return new DnsRemovalInfoOption(List.of(
                new DnsNameOption(OptionCode.F_DNS_HOST_NAME, octets(random, 1 + random.nextInt(30))),
                new DnsNameOption(OptionCode.F_DNS_ZONE_NAME, octets(random, 1 + random.nextInt(30))),
                new FlagsOption(OptionCode.F_DNS_FLAGS, random.nextInt(0x10000))));
    }

    /** A uint32, zero a third of the time (most stored times are 0), sometimes the maximum. */
    private static long uint32(Random random) {
        return switch (random.nextInt(6)) {
            case 0, 1 -> 0;
            case 2 -> 0xFFFF_FFFFL;
            default -> random.nextLong() & 0xFFFF_FFFFL;
        };
    }

    private static OctetString octets(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return OctetString.of(bytes);
    }
}
