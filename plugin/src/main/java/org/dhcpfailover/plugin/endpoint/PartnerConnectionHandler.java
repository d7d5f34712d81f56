package org.dhcpfailover.plugin.endpoint;

import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;

/**
 * What a transport drives: one relationship's endpoint. All calls come from one thread (the
 * transport's I/O thread, or the simulation's loop); {@code now} is RFC 8156 absolute time in
 * seconds. No call throws: failures are logged and turned into protocol actions by the
 * endpoint.
 */
public interface PartnerConnectionHandler {

    /** The relationship this endpoint serves: its name, role, addresses and timers. */
    RelationshipConfig config();

    /**
     * Whether a connection is open. The secondary refuses a second concurrent connection for the
     * same relationship; the primary opens a new one only while this is false.
     */
    boolean isConnected();

    /**
     * A connection is open: the primary's outgoing connection was established (it sends
     * CONNECT), or the secondary accepted one whose first message, a CONNECT naming this
     * relationship, follows through {@link #onMessage}.
     */
    void onConnectionOpened(PartnerLink link, long now);

    /**
     * Whether the handler takes another message now. While it says no, the transport stops
     * reading the connection, so that a partner sending faster than this server stores is slowed
     * down by TCP instead of buffered here (back-pressure, RFC 7031 S8); it asks again after each
     * task it runs and at each tick.
     */
    boolean readyForMessages();

    /** A message arrived on the open connection. */
    void onMessage(FailoverMessage message, long now);

    /** Bytes arrived that do not decode; the endpoint sends DISCONNECT and closes. */
    void onMalformedMessage(DecodeException error, long now);

    /**
     * The connection of {@code link} closed (reset, end of stream, write failure, or a close we
     * asked for). A close of any link other than the open one — for instance one the handler
     * refused in {@link #onConnectionOpened} — is not about the open connection and is ignored.
     */
    void onConnectionClosed(PartnerLink link, String reason, long now);

    /** Called once per second (RFC 8156 §6.5: the keepalive and send timers tick once per second). */
    void onTick(long now);

    /** Orderly shutdown: DISCONNECT with ServerShuttingDown, then close (RFC 8156 §5.3.10). */
    void shutdown(long now);
}
