package org.dhcpfailover.plugin.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay between the primary and the secondary that a test can use to cut every
 * connection, refuse new ones, or freeze the traffic while keeping the sockets open (a partner
 * that goes silent). Upstream connections leave from {@code sourceAddress}, the address the
 * secondary knows as its partner.
 */
final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress upstream;
    private final InetAddress sourceAddress;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;
    private volatile boolean frozen;
    private volatile Socket latestUpstream;
    private final int port;

    TcpProxy(InetAddress listenAddress, InetSocketAddress upstream, InetAddress sourceAddress) throws IOException {
        this.upstream = upstream;
        this.sourceAddress = sourceAddress;
        this.listener = new ServerSocket(0, 8, listenAddress);
        this.port = listener.getLocalPort();
        startAccepting();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), port);
    }

    /** Closes every relayed connection (both sides see a TCP close) and refuses new ones. */
    void cutAndRefuse() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /** Accepts connections again on the same port. */
    void resume() throws IOException {
        listener = new ServerSocket(port, 8, address().getAddress());
        startAccepting();
    }

    /**
     * Writes {@code octets} towards the upstream server on the latest relayed connection, between
     * two of the relayed writes, as if the downstream side had sent them.
     */
    void injectUpstream(byte[] octets) throws IOException {
        Socket up = latestUpstream;
        synchronized (up) {
            OutputStream out = up.getOutputStream();
            out.write(octets);
            out.flush();
        }
    }

    /** Stops forwarding in both directions; the sockets stay open. */
    void freeze() {
        frozen = true;
    }

    @Override
    public void close() throws IOException {
        cutAndRefuse();
    }

    private void startAccepting() {
        ServerSocket current = listener;
        Thread accepter = new Thread(() -> {
            while (!current.isClosed()) {
                try {
                    Socket downstream = current.accept();
                    Socket up = new Socket();
                    up.bind(new InetSocketAddress(sourceAddress, 0));
                    up.connect(upstream, 2000);
                    sockets.add(downstream);
                    sockets.add(up);
                    latestUpstream = up;
                    pump(downstream, up);
                    pump(up, downstream);
                } catch (IOException closed) {
                    return;
                }
            }
        }, "tcp-proxy-accept");
        accepter.setDaemon(true);
        accepter.start();
    }

    private void pump(Socket from, Socket to) {
        Thread pump = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    if (frozen) {
                        continue; // swallowed: the partner appears silent
                    }
                    synchronized (to) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException closed) {
                // one side closed: close the other too
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "tcp-proxy-pump");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
