package org.dhcpfailover.host.v6;

import org.dhcpfailover.host.lease.HostCounters;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dhcpfailover.host.config.AddressPool;
import org.dhcpfailover.host.config.AddressRange;
import org.dhcpfailover.host.config.PrefixPool;
import org.dhcpfailover.host.hooks.DeferredReplies;
import org.dhcpfailover.host.lease.LeaseJournal;
import org.dhcpfailover.host.testing.FakeHooks;
import org.dhcpfailover.host.testing.MutableClock;

/**
 * The DHCPv6 host's message path without sockets: journal, table, lease manager, exchange and the
 * receiver's decode / serve / encode, with a clock the test moves and hooks the test scripts.
 * Pools: addresses 2001:db8:1::1000 - 2001:db8:1::10ff (valid 7200 s, preferred 3600 s) and
 * prefixes /56 out of 2001:db8:100::/48.
 */
final class V6Fixture implements AutoCloseable {

    static final byte[] SERVER_DUID = {0, 1, 0, 1, 0x2d, 0x24, (byte) 0xbd, 0, 0, 0x50, 0x56, 0, 0, 1};
    static final byte[] OTHER_SERVER_DUID = {0, 1, 0, 1, 0x2d, 0x24, (byte) 0xbd, 0, 0, 0x50, 0x56, 0, 0, 2};
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final InetSocketAddress CLIENT = new InetSocketAddress(V6Packets.ip("fe80::200:5eff:fe10:1"), 546);

    final Path store;
    final FakeHooks hooks = new FakeHooks();
    final MutableClock clock = new MutableClock(START);
    final HostCounters counters = new HostCounters();
    final LeaseJournal.Loaded loaded;
    final V6LeaseTable table;
    final HostLeaseManager manager;
    final Dhcp6Receiver receiver;
    /** Replies sent by the receiving path ({@link #dispatch}), at once or once durable. */
    final List<DatagramPacket> sent = new CopyOnWriteArrayList<>();
    final DeferredReplies<DatagramPacket> deferred = new DeferredReplies<>("test-v6-deferred-replies");

    V6Fixture(Path store) throws Exception {
        this(store, Duration.ofSeconds(2));
    }

    V6Fixture(Path store, Duration durableWait) throws Exception {
        PdOptions.register();
        this.store = store;
        this.loaded = LeaseJournal.open(store, HostV6.JOURNAL);
        List<V6Pool> pools = List.of(
                V6Pool.of(new AddressPool("lan", new AddressRange(V6Packets.ip("2001:db8:1::1000"),
                        V6Packets.ip("2001:db8:1::10ff")), Duration.ofSeconds(7200), Optional.of(Duration.ofSeconds(3600)))),
                V6Pool.of(new PrefixPool("pd", V6Packets.ip("2001:db8:100::"), 48, 56, Duration.ofSeconds(7200),
                        Duration.ofSeconds(3600))));
        this.table = new V6LeaseTable(loaded.journal(), pools, List.of(), HostLeaseManager.OFFER_HOLD);
        table.load(loaded.leases());
        this.manager = new HostLeaseManager(SERVER_DUID, table, hooks, clock, durableWait, counters);
        Dhcp6Exchange exchange = new Dhcp6Exchange(SERVER_DUID, manager, table, counters);
        this.receiver = new Dhcp6Receiver(exchange, Runnable::run, counters, deferred, durableWait, clock);
        deferred.attach(sent::add);
    }

    /** The reply to one datagram from {@link #CLIENT}, if any. */
    Optional<V6Packets.Reply> send(byte[] datagram) {
        return receiver.serve(datagram, CLIENT).map(V6Packets.Reply::of);
    }

    /** One datagram from {@link #CLIENT} down the receiving path: its reply goes to {@link #sent}, now or later. */
    void dispatch(byte[] datagram) {
        receiver.dispatch(datagram, CLIENT, sent::add);
    }

    V6Packets.Reply reply(byte[] datagram) {
        return send(datagram).orElseThrow(() -> new AssertionError("no reply"));
    }

    @Override
    public void close() {
        deferred.close();
        loaded.journal().close();
    }
}
