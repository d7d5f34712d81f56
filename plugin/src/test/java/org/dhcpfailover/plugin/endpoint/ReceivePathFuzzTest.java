package org.dhcpfailover.plugin.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.BindingUpdateBuilder;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseContext;
import org.dhcpfailover.plugin.binding.LeaseStateMachine;
import org.dhcpfailover.plugin.binding.LeaseTransitionException;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.bindingdb.BindingDecodeException;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.FailoverMessages.ConnectParameters;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.sync.SyncStatus;
import org.dhcpfailover.plugin.sync.TestLedgers;
import org.dhcpfailover.plugin.time.AbsoluteTime;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.FrameDecoder;
import org.dhcpfailover.plugin.wire.Frames;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.junit.jupiter.api.AfterAll;
import org.slf4j.event.Level;

/**
 * Coverage-guided fuzzing of the whole receive path (RFC 7031 S8): octets from the partner go
 * through the framing and the codec, as the TCP transport cuts them, into a real
 * {@link FailoverEndpoint} (connection management, the state machine, the update exchanges) and
 * on into the binding store behind it, a real {@link BindingDatabase} on a simulated disk.
 *
 * <p>The fuzzer's bytes choose a sequence of steps: raw octets on the connection, well-formed
 * BNDUPDs (optionally with one octet damaged) about a small set of leases and clients, other
 * messages with fuzzed fields, ticks of up to 70 s, store writes, and a lost connection followed
 * by a new one. The harness delivers messages as the transport does, only while the endpoint is
 * {@linkplain FailoverEndpoint#readyForMessages() ready}, and reads nothing while it is not.
 *
 * <p>Checked for every input: nothing but the documented outcomes escapes (any exception fails);
 * every step is bounded and the back-pressure always releases once the store has written what
 * it holds (no hang); what the endpoint keeps is bounded by what was received (no unbounded
 * memory); and after the last write the store reopens from the disk with exactly the bindings
 * the running server had (no corrupted store).
 *
 * <p>A failover endpoint and a store run in the simulation's deterministic style: time is a
 * number, commits complete at {@link BindingDatabase#writeQueued()}.
 */
class ReceivePathFuzzTest {
    private static final AtomicLong EXECUTIONS = new AtomicLong();
    private static final AtomicLong MESSAGES = new AtomicLong();

    private static final long T0 = 757_382_400L;
    private static final long MCLT = 600;
    private static final String RELATIONSHIP = "failover-1";
    /** Far more than the fuzzer's inputs ever need; reaching it means a step did not end. */
    private static final int MAX_DRAIN_ROUNDS = 1000;

    /** One fuzz run's server: the endpoint, its store, and the connection the fuzzer talks on. */
    private static final class Server {
        final PowerLossDisk disk = new PowerLossDisk();
        final BindingDatabase database = TestLedgers.steppedDatabase(disk, RELATIONSHIP);
        final Role role;
        final FailoverEndpoint endpoint;
        long now = T0;
        RecordingLink link;
        FrameDecoder frames;
        /** Messages cut from the stream and not yet delivered, as the transport holds them. */
        final ArrayDeque<byte[]> held = new ArrayDeque<>();
        long octetsReceived;
        long delivered;

        Server(Role role) throws IOException {
            this.role = role;
            InMemoryEndpointStateStore store = new InMemoryEndpointStateStore(new PersistedEndpointState(
                    EndpointState.NORMAL, T0 - 1000, EndpointState.NORMAL, T0 - 1000, T0 - 5, true));
            RelationshipConfig config = new RelationshipConfig(RELATIONSHIP,
                    role == Role.PRIMARY ? "server1" : "server2", role, role == Role.PRIMARY ? "server2" : "server1",
                    new InetSocketAddress("fd00:99::2", 647), new InetSocketAddress("fd00:99::1", 647),
                    Duration.ofSeconds(MCLT), 10, Duration.ofSeconds(60), Duration.ofSeconds(10), Optional.empty(),
                    List.of());
            endpoint = new FailoverEndpoint(config, store, TestLedgers.ledger(database, MCLT),
                    TestLedgers.inline(() -> now), CatalogLogger.wrap(new RecordingLogger(Level.ERROR)));
            endpoint.start(now);
        }

        /** A new connection; with {@code handshake}, the partner's side of a good exchange first. */
        void open(boolean handshake) {
            link = new RecordingLink();
            frames = new FrameDecoder();
            held.clear();
            endpoint.onConnectionOpened(link, now);
            if (!handshake) {
                return;
            }
            ConnectParameters partner = new ConnectParameters(MCLT, 60, 10);
            receive(Frames.frame(role == Role.SECONDARY
                    ? FailoverMessages.connect(1, now, RELATIONSHIP, partner)
                    : FailoverMessages.connectReply(1, now, partner)));
            receive(Frames.frame(FailoverMessages.state(2, now, EndpointState.NORMAL, false, false, true, T0 - 100)));
        }

        /** The partner's octets arrive, unless the endpoint asked for a pause (then they stay in TCP). */
        void receive(byte[] octets) {
            if (link == null || link.closedBecause != null || !held.isEmpty()) {
                return; // closed, or paused: the transport does not read
            }
            octetsReceived += octets.length;
            try {
                held.addAll(frames.feed(octets, 0, octets.length));
            } catch (DecodeException e) {
                endpoint.onMalformedMessage(e, now);
                return;
            }
            deliverHeld();
        }

        /** As the transport: in order, while the endpoint is ready; a framing error after the good ones. */
        void deliverHeld() {
            while (!held.isEmpty() && link != null && link.closedBecause == null) {
                if (!endpoint.readyForMessages()) {
                    return;
                }
                MESSAGES.incrementAndGet();
                delivered++;
                try {
                    endpoint.onMessage(FailoverMessageDecoder.decode(held.poll()), now);
                } catch (DecodeException e) {
                    held.clear();
                    endpoint.onMalformedMessage(e, now);
                    return;
                }
            }
            if (held.isEmpty() && link != null && link.closedBecause == null) {
                frames.failure().ifPresent(e -> endpoint.onMalformedMessage(e, now));
            }
        }

        /** The transport reports the close the endpoint asked for, or a lost connection. */
        void closeConnection(String reason) {
            if (link != null) {
                endpoint.onConnectionClosed(link, reason, now);
                link = null;
                held.clear();
            }
        }

        void tick(int seconds) {
            now = AbsoluteTime.plus(now, seconds);
            endpoint.onTick(now);
            if (link != null && link.closedBecause != null) {
                closeConnection(link.closedBecause);
            }
            deliverHeld();
        }

        void writeStore() {
            database.writeQueued();
            deliverHeld();
        }
    }

    @FuzzTest(maxDuration = "60s")
    void receive(FuzzedDataProvider data) throws IOException, BindingDecodeException {
        EXECUTIONS.incrementAndGet();
        Server server = new Server(data.consumeBoolean() ? Role.SECONDARY : Role.PRIMARY);
        server.open(data.consumeBoolean());
        int structuredLeases = 0;
        while (data.remainingBytes() > 0) {
            switch (data.consumeInt(0, 7)) {
                case 0 -> server.receive(data.consumeBytes(data.consumeInt(0, 300)));
                case 1 -> {
                    byte[] frame = bindingUpdate(data, server.now);
                    structuredLeases++;
                    if (frame.length > 0 && data.consumeBoolean()) {
                        frame[data.consumeInt(0, frame.length - 1)] ^= (byte) data.consumeInt(1, 255);
                    }
                    server.receive(frame);
                }
                case 2 -> server.receive(Frames.frame(otherMessage(data, server.now)));
                case 3 -> server.tick(data.consumeInt(0, 70));
                case 4 -> server.writeStore();
                case 5 -> {
                    server.closeConnection("connection lost");
                    server.open(data.consumeBoolean());
                }
                case 6 -> {
                    if (server.link != null && server.link.closedBecause != null) {
                        server.closeConnection(server.link.closedBecause);
                    }
                }
                default -> server.endpoint.onHostChanges(server.now);
            }
        }
        finish(server, structuredLeases);
    }

    /** Everything written, then the invariants: bounded, released, and the store reloads as it was. */
    private static void finish(Server server, int structuredLeases) throws IOException, BindingDecodeException {
        for (int round = 0; ; round++) {
            if (round == MAX_DRAIN_ROUNDS) {
                fail("the store and the held messages did not drain in " + MAX_DRAIN_ROUNDS + " rounds");
            }
            int written = server.database.writeQueued();
            server.deliverHeld();
            if (written == 0 && (server.held.isEmpty() || server.link == null || server.link.closedBecause != null)) {
                break;
            }
        }
        assertTrue(server.endpoint.readyForMessages(), "back-pressure released once everything is durable");

        // Bounded memory: the store holds no more leases than the partner described.
        long leasesPossible = structuredLeases + server.octetsReceived / 16;
        assertTrue(server.database.size() <= leasesPossible,
                server.database.size() + " bindings from " + server.octetsReceived + " octets");
        SyncStatus sync = server.endpoint.syncStatus();
        assertTrue(sync.pendingLeases() <= server.database.size(), sync.toString());
        assertTrue(sync.unacked() <= 1000, sync.toString());

        // The store: everything durable, and a reopened store holds exactly what the server had.
        Map<Lease, Binding> live = new HashMap<>();
        for (Binding binding : server.database.all()) {
            assertTrue(server.database.isDurable(binding.lease()), binding + " not durable after the last write");
            live.put(binding.lease(), binding);
        }
        server.database.close();
        try (BindingDatabase reopened = BindingDatabase.openStepped(server.disk.fileSystem(),
                StoreSettings.defaults(), RELATIONSHIP)) {
            Map<Lease, Binding> loaded = new HashMap<>();
            reopened.all().forEach(binding -> loaded.put(binding.lease(), binding));
            assertEquals(live, loaded, "the store reloads with exactly the bindings the server had");
        }
    }

    // ------------------------------------------------------------------ what the partner may send

    /** Leases and clients from small sets, so that updates meet each other and the conflict rules run. */
    private static Lease lease(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 31);
        return data.consumeInt(0, 7) == 0
                ? Lease.prefix(Ipv6Address.parse("2001:db8:100:" + Integer.toHexString(n * 0x100) + "::"), 56)
                : Lease.address(Ipv6Address.parse("2001:db8::" + Integer.toHexString(0x100 + n)));
    }

    private static final List<BindingStatus> STATUSES = List.of(BindingStatus.ACTIVE, BindingStatus.EXPIRED,
            BindingStatus.RELEASED, BindingStatus.FREE, BindingStatus.FREE_BACKUP, BindingStatus.ABANDONED,
            BindingStatus.RESET);

    /** A framed BNDUPD as a partner would build it, with fuzzed times, client and state. */
    private static byte[] bindingUpdate(FuzzedDataProvider data, long now) {
        Lease lease = lease(data);
        long time = AbsoluteTime.plus(now, data.consumeInt(-4000, 4000));
        BindingClient client = new BindingClient(
                OctetString.fromHex(String.format("00030001aabbccdd%04x", data.consumeInt(0, 7))),
                lease.standsAlone() ? IaType.IA_PD : IaType.IA_NA, data.consumeInt(0, 2));
        long preferred = data.consumeInt(0, 4000);
        long valid = preferred + data.consumeInt(0, 4000);
        LeaseContext context = LeaseContext.communicating(time, MCLT);
        BindingStatus target = data.pickValue(STATUSES);
        int transactionId = data.consumeInt(1, 0xFFFFFF);
        long sentTime = data.consumeBoolean() ? now : AbsoluteTime.plus(now, data.consumeInt(-10, 10));
        try {
            Binding binding;
            if (target.equals(BindingStatus.FREE) || target.equals(BindingStatus.FREE_BACKUP)) {
                binding = Binding.initial(lease, target, time);
                if (lease.standsAlone()) {
                    return Frames.frame(BindingUpdateBuilder.forPrefix(transactionId, sentTime, binding));
                }
            } else {
                binding = LeaseStateMachine.grant(Binding.initial(lease, BindingStatus.FREE, time), client,
                        new ClientLifetimes(time, preferred, valid, preferred / 2, preferred * 4 / 5),
                        AbsoluteTime.plus(time, valid + data.consumeInt(0, (int) MCLT)), context);
                if (!target.equals(BindingStatus.ACTIVE)) {
                    binding = LeaseStateMachine.change(binding, target,
                            AbsoluteTime.plus(time, data.consumeInt(0, 4000)), context);
                }
            }
            if (binding.client().isEmpty()) {
                return Frames.frame(otherMessage(data, now));
            }
            return Frames.frame(BindingUpdateBuilder.forClient(transactionId, sentTime, List.of(binding)));
        } catch (LeaseTransitionException | IllegalArgumentException notBuildable) {
            // A combination no partner could build (e.g. an arc that does not exist): send a CONTACT.
            return Frames.frame(FailoverMessages.bare(MessageType.CONTACT, transactionId, sentTime));
        }
    }

    private static final List<MessageType> BARE = List.of(MessageType.CONTACT, MessageType.UPDREQ,
            MessageType.UPDREQALL, MessageType.UPDDONE, MessageType.POOLREQ, MessageType.POOLRESP,
            MessageType.BNDREPLY);

    /** Any other message a partner sends, with fuzzed fields. */
    private static FailoverMessage otherMessage(FuzzedDataProvider data, long now) {
        int transactionId = data.consumeInt(0, 0xFFFFFF);
        long sentTime = data.consumeBoolean() ? now : AbsoluteTime.plus(now, data.consumeInt(-10, 10));
        return switch (data.consumeInt(0, 4)) {
            case 0 -> FailoverMessages.state(transactionId, sentTime, data.pickValue(EndpointState.values()),
                    data.consumeBoolean(), data.consumeBoolean(), data.consumeBoolean(),
                    AbsoluteTime.plus(now, -data.consumeInt(0, 100_000)));
            case 1 -> FailoverMessages.connect(transactionId, sentTime, data.consumeBoolean() ? RELATIONSHIP : "x",
                    new ConnectParameters(data.consumeLong(0, 0xFFFF_FFFFL), data.consumeLong(0, 0xFFFF_FFFFL),
                            data.consumeLong(0, 0xFFFF_FFFFL)));
            case 2 -> FailoverMessages.connectReply(transactionId, sentTime,
                    new ConnectParameters(data.consumeBoolean() ? MCLT : data.consumeLong(0, 0xFFFF_FFFFL),
                            data.consumeLong(0, 0xFFFF_FFFFL), data.consumeLong(0, 0xFFFF_FFFFL)));
            case 3 -> FailoverMessages.disconnect(transactionId, sentTime,
                    StatusCode.valueOf(data.consumeInt(0, 30)), data.consumeAsciiString(40));
            default -> FailoverMessages.bare(data.pickValue(BARE), transactionId, sentTime);
        };
    }

    @AfterAll
    static void reportExecutions() {
        System.out.println("receive-path fuzz executions: " + EXECUTIONS.get() + ", messages delivered: "
                + MESSAGES.get());
    }
}
