package org.dhcpfailover.plugin.simulation;

import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.endpoint.PartnerLink;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.FailoverMessageEncoder;

/**
 * One simulated TCP connection between the primary and the secondary (RFC 8156 §6, RFC 5460
 * §5.1). Each direction is a byte stream: messages arrive in the order they were sent, each
 * after its own delay but never before an earlier one; a close arrives after what was sent
 * before it (FIN). Messages are really encoded and decoded, so the codec is exercised too.
 *
 * <p>A connection is <em>broken</em> when a partition cuts it silently: from then on nothing
 * crosses, and each side only learns of it from its own keepalive timer (§6.6).
 */
final class SimulatedConnection {

    private final SimulatedNetwork network;
    private final End primaryEnd;
    private final End secondaryEnd;
    private boolean broken;

    SimulatedConnection(SimulatedNetwork network, PartnerConnectionHandler primary,
            PartnerConnectionHandler secondary) {
        this.network = network;
        this.primaryEnd = new End(Role.PRIMARY, primary, "secondary.sim:647");
        this.secondaryEnd = new End(Role.SECONDARY, secondary, "primary.sim:50647");
        primaryEnd.peer = secondaryEnd;
        secondaryEnd.peer = primaryEnd;
    }

    End end(Role role) {
        return role == Role.PRIMARY ? primaryEnd : secondaryEnd;
    }

    /** Whether either end still believes the connection open. */
    boolean anyEndOpen() {
        return !primaryEnd.closed || !secondaryEnd.closed;
    }

    /** Whether messages cross: neither end closed, not cut by a partition. */
    boolean carries() {
        return !broken && !primaryEnd.closed && !secondaryEnd.closed;
    }

    /** A partition cuts the connection without either side being told. */
    void breakSilently() {
        broken = true;
    }

    /** A partition (or a crash's RST) resets the connection: both open ends hear of it after a delay. */
    void reset(String reason) {
        broken = true;
        for (End end : new End[] {primaryEnd, secondaryEnd}) {
            if (!end.closed) {
                network.deliverAfterDelay(() -> end.closedByNetwork(reason));
            }
        }
    }

    /** The server at {@code role} vanished (crash or stop): its end delivers nothing any more. */
    void detach(Role role, boolean resetPeer) {
        End end = end(role);
        end.handler = null;
        end.closed = true;
        if (resetPeer && !broken && !end.peer.closed) {
            End peer = end.peer;
            network.deliverAfter(end.lastArrivalMillis, () -> peer.closedByNetwork("connection reset by peer"));
        }
    }

    /** One side of the connection: what the endpoint at {@link #role} holds as its {@link PartnerLink}. */
    final class End implements PartnerLink {

        private final Role role;
        private final String peerName;
        private PartnerConnectionHandler handler;
        private End peer;
        private boolean closed;
        /** Inside {@link PartnerConnectionHandler#onConnectionOpened}: a close now is a refusal. */
        /** When the last message (or FIN) sent from this end reaches the peer: TCP keeps order. */
        private long lastArrivalMillis;

        private End(Role role, PartnerConnectionHandler handler, String peerName) {
            this.role = role;
            this.handler = handler;
            this.peerName = peerName;
        }

        @Override
        public void send(FailoverMessage message) {
            if (closed || broken) {
                return;
            }
            network.observeSend(role, message);
            byte[] octets = FailoverMessageEncoder.encode(message);
            lastArrivalMillis = network.deliverAfter(lastArrivalMillis, () -> peer.receive(octets));
        }

        @Override
        public void close(String reason) {
            if (closed) {
                return;
            }
            closed = true;
            PartnerConnectionHandler own = handler;
            network.deliverNow(() -> {
                // Reported for every link, also one the handler refused in onConnectionOpened:
                // the handler tells its links apart (PartnerConnectionHandler#onConnectionClosed).
                if (own != null && handler == own) {
                    own.onConnectionClosed(this, reason, network.nowSeconds(role));
                }
            });
            if (!broken) {
                lastArrivalMillis = network.deliverAfter(lastArrivalMillis, () -> {
                    if (!broken) {
                        peer.closedByNetwork("connection closed by the partner");
                    }
                });
            }
        }

        /** Hands this end to its endpoint (§6.1: the primary then sends CONNECT). */
        void open(long now) {
            handler.onConnectionOpened(this, now);
        }

        @Override
        public String peer() {
            return peerName;
        }

        private void receive(byte[] octets) {
            if (closed || broken || handler == null) {
                return;
            }
            long now = network.nowSeconds(role);
            try {
                FailoverMessage message = FailoverMessageDecoder.decode(octets);
                network.observeDelivery(peer.role, message);
                handler.onMessage(message, now);
            } catch (DecodeException e) {
                handler.onMalformedMessage(e, now);
            }
        }

        private void closedByNetwork(String reason) {
            if (closed) {
                return;
            }
            closed = true;
            if (handler != null) {
                handler.onConnectionClosed(this, reason, network.nowSeconds(role));
            }
        }
    }
}
