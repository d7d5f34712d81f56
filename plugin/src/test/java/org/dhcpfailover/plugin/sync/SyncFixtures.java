package org.dhcpfailover.plugin.sync;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.BindingReplyBuilder;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.EchoedData;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseContext;
import org.dhcpfailover.plugin.binding.LeaseTimes;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.binding.UpdateVerdict;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.StatusCode;

/** Shared values of the synchronisation tests; T0 and DUID_A are those of digest §13. */
final class SyncFixtures {
    /** 2024-01-01T00:00:00Z as an absolute time. */
    static final long T0 = 757382400L;
    static final long MCLT = 3600;
    static final OctetString DUID_A = OctetString.fromHex("000100012d000000005056aabbcc");
    static final OctetString DUID_B = OctetString.fromHex("00030001005056ddeeff");
    static final BindingClient CLIENT_A = new BindingClient(DUID_A, IaType.IA_NA, 1);
    static final BindingClient CLIENT_A_PD = new BindingClient(DUID_A, IaType.IA_PD, 7);
    static final BindingClient CLIENT_B = new BindingClient(DUID_B, IaType.IA_NA, 1);
    static final Lease ADDRESS_1 = Lease.address(Ipv6Address.parse("2001:db8:0:1::101"));
    static final Lease ADDRESS_2 = Lease.address(Ipv6Address.parse("2001:db8:0:1::103"));
    static final Lease ADDRESS_3 = Lease.address(Ipv6Address.parse("2001:db8:0:1::105"));
    static final Lease PREFIX_1 = Lease.prefix(Ipv6Address.parse("2001:db8:100::"), 56);
    static final Lease PREFIX_2 = Lease.prefix(Ipv6Address.parse("2001:db8:200::"), 56);

    private SyncFixtures() {
    }

    /** {@code lease} granted to {@code client} at {@code start} for 3600 s, partner lifetime start+7200, not yet sent. */
    static Binding active(Lease lease, BindingClient client, long start) {
        return new Binding(lease, Optional.of(client), BindingStatus.ACTIVE,
                new LeaseTimes(0, 0, start + 7200, start, 0, start, start + 3600),
                new ClientLifetimes(start, 3600, 3600, 1800, 2880), PartnerSync.PENDING, 0, EchoedData.NONE);
    }

    /** A delegable prefix without client, FREE-BACKUP since {@code start}, not yet sent. */
    static Binding freeBackupPrefix(Lease prefix, long start) {
        return Binding.initial(prefix, BindingStatus.FREE_BACKUP, start).withSync(PartnerSync.PENDING);
    }

    static LeaseContext at(long now) {
        return LeaseContext.communicating(now, MCLT);
    }

    /** The partner's BNDREPLY accepting everything in {@code update}. */
    static FailoverMessage accept(FailoverMessage update, long now) {
        return BindingReplyBuilder.build(update, now, Optional.empty(), lease -> UpdateVerdict.ACCEPTED);
    }

    /** The partner's BNDREPLY rejecting everything in {@code update} as outdated (§7.5.4). */
    static FailoverMessage rejectOutdated(FailoverMessage update, long now) {
        return BindingReplyBuilder.build(update, now, Optional.empty(),
                lease -> UpdateVerdict.reject(StatusCode.OUTDATED_BINDING_INFORMATION, "partner is newer"));
    }

    static Allocation allocation(Lease lease) {
        return Allocation.INDEPENDENT;
    }

    /** The binding database as the caller keeps it: the host's changes and everything the queue hands back. */
    static final class Database implements BindingView {
        private final Map<Lease, Binding> bindings = new LinkedHashMap<>();
        private final Set<Lease> notDurable = new HashSet<>();

        void put(Binding binding) {
            bindings.put(binding.lease(), binding);
        }

        void putAll(Collection<Binding> changed) {
            changed.forEach(this::put);
        }

        Binding get(Lease lease) {
            return bindings.get(lease);
        }

        @Override
        public Optional<Binding> find(Lease lease) {
            return Optional.ofNullable(bindings.get(lease));
        }

        @Override
        public Collection<Binding> all() {
            return new ArrayList<>(bindings.values());
        }

        /** The current binding of {@code lease} is not synced yet (false) or is now (true). */
        void durable(Lease lease, boolean durable) {
            if (durable) {
                notDurable.remove(lease);
            } else {
                notDurable.add(lease);
            }
        }

        @Override
        public boolean isDurable(Lease lease) {
            return !notDurable.contains(lease);
        }
    }

    /** The leases of a BNDUPD's bindings, in order. */
    static List<Lease> leases(OutgoingUpdate update) {
        return update.bindings().stream().map(Binding::lease).toList();
    }
}
