package org.dhcpfailover.plugin.transport;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.Frames;

/** A hand-driven partner on a blocking socket: writes and reads frames exactly as the test says. */
final class RawPartner implements Closeable {
    private static final int READ_TIMEOUT_MILLIS = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    /**
     * Connects from {@code local} to {@code server}.
     *
     * @param receiveBuffer SO_RCVBUF to ask for, or 0 for the default
     */
    RawPartner(InetAddress local, InetSocketAddress server, int receiveBuffer) throws IOException {
        socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(server, READ_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    RawPartner(InetAddress local, InetSocketAddress server) throws IOException {
        this(local, server, 0);
    }

    void send(FailoverMessage message) throws IOException {
        sendRaw(Frames.frame(message));
    }

    void sendRaw(byte[] octets) throws IOException {
        out.write(octets);
        out.flush();
    }

    /** The next message; fails on end of stream or after the read timeout. */
    FailoverMessage receive() throws IOException, DecodeException {
        int size = in.readUnsignedShort();
        byte[] message = new byte[size];
        in.readFully(message);
        return FailoverMessageDecoder.decode(message);
    }

    /** Whether the other side closed: end of stream or a reset, before the read timeout. */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
