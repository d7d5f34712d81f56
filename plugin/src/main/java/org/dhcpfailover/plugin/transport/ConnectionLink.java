package org.dhcpfailover.plugin.transport;

import org.dhcpfailover.plugin.endpoint.PartnerLink;
import org.dhcpfailover.plugin.wire.FailoverMessage;

/**
 * The endpoint's view of one connection. A link outlives its connection: what is sent on it
 * after the close goes nowhere, so a stale link cannot reach a newer connection. Used on the
 * I/O thread only; a connection it closes is reported to the owner after the handler call that
 * closed it returns, never from within {@link #send} or {@link #close}.
 */
final class ConnectionLink implements PartnerLink {

    private final Connection connection;
    private final ConnectionIo io;
    private final String peer;

    ConnectionLink(Connection connection, ConnectionIo io) {
        this.connection = connection;
        this.io = io;
        this.peer = connection.peer;
    }

    @Override
    public void send(FailoverMessage message) {
        io.requireIoThread();
        io.send(connection, message);
    }

    @Override
    public void close(String reason) {
        io.requireIoThread();
        if (connection.phase == Connection.Phase.OPEN) {
            io.beginClose(connection, reason);
        }
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public String toString() {
        return "PartnerLink[" + peer + "]";
    }
}
