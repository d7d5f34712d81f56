package org.dhcpfailover.plugin.transport;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.FailoverMessages;
import org.dhcpfailover.plugin.endpoint.FailoverMessages.ConnectParameters;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.endpoint.PartnerLink;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * A stand-in endpoint that records what the transport tells it, for tests read from another
 * thread. As primary it sends CONNECT when the connection opens; as secondary it accepts every
 * CONNECT with a CONNECTREPLY. It answers an undecodable message and a shutdown with DISCONNECT
 * and closes, as the real endpoint does. It also checks the contract: every call on one thread.
 */
final class RecordingHandler implements PartnerConnectionHandler {
    static final ConnectParameters PARAMETERS = new ConnectParameters(3600, 60, 10);

    private final RelationshipConfig config;
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<FailoverMessage> received = new CopyOnWriteArrayList<>();
    final AtomicInteger ticks = new AtomicInteger();
    final List<String> threads = new CopyOnWriteArrayList<>();
    /** Runs on every received message after the built-in behaviour. */
    volatile BiConsumer<PartnerLink, FailoverMessage> onMessage = (link, message) -> { };
    private volatile PartnerLink link;
    /** What {@link #readyForMessages()} answers; a test sets it to pause the connection. */
    volatile boolean ready = true;

    RecordingHandler(RelationshipConfig config) {
        this.config = config;
    }

    /** The open connection, or null; use it only on the I/O thread (through {@code execute}). */
    PartnerLink link() {
        return link;
    }

    long count(String eventPrefix) {
        return events.stream().filter(e -> e.startsWith(eventPrefix)).count();
    }

    List<MessageType> receivedTypes() {
        return received.stream().map(FailoverMessage::type).toList();
    }

    @Override
    public RelationshipConfig config() {
        return config;
    }

    @Override
    public boolean isConnected() {
        return link != null;
    }

    @Override
    public void onConnectionOpened(PartnerLink opened, long now) {
        record("opened");
        link = opened;
        if (config.role() == Role.PRIMARY) {
            opened.send(FailoverMessages.connect(1, now, config.name(), PARAMETERS));
        }
    }

    @Override
    public boolean readyForMessages() {
        return ready;
    }

    @Override
    public void onMessage(FailoverMessage message, long now) {
        record("message " + message.type().name());
        received.add(message);
        if (config.role() == Role.SECONDARY && message.type().equals(MessageType.CONNECT)) {
            link.send(FailoverMessages.connectReply(message.transactionId(), now, PARAMETERS));
        }
        onMessage.accept(link, message);
    }

    @Override
    public void onMalformedMessage(DecodeException error, long now) {
        record("malformed " + error.kind());
        link.send(FailoverMessages.disconnect(2, now, StatusCode.UNSPEC_FAIL, error.getMessage()));
        link.close("malformed message");
    }

    @Override
    public void onConnectionClosed(PartnerLink closedLink, String reason, long now) {
        record("closed " + reason);
        link = null;
    }

    @Override
    public void onTick(long now) {
        threads.add(Thread.currentThread().getName());
        ticks.incrementAndGet();
    }

    @Override
    public void shutdown(long now) {
        record("shutdown");
        if (link != null) {
            link.send(FailoverMessages.disconnect(3, now, StatusCode.SERVER_SHUTTING_DOWN, "test shutdown"));
            link.close("shutting down");
        }
    }

    private void record(String event) {
        threads.add(Thread.currentThread().getName());
        events.add(event);
    }
}
