package org.dhcpfailover.host.v4;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.concurrent.ThreadPoolExecutor;

/**
 * Receives the limited broadcasts (255.255.255.255) of clients on the listen interface's link.
 * dhcp4java's socket is bound to the listen address, and Linux delivers a broadcast only to a
 * socket bound to the wildcard or to the broadcast address; this receiver binds the latter, hands
 * each datagram to the shared worker pool and sends the reply through dhcp4java's socket (so it
 * leaves from the listen address and port).
 *
 * <p>Java cannot bind a socket to one interface (no SO_BINDTODEVICE), so this socket receives
 * broadcasts to the port from every interface of the network namespace; run the host where only
 * the served link carries DHCP broadcasts, or serve other links through relays.
 */
final class BroadcastReceiver implements AutoCloseable {

    private static final int MAX_DATAGRAM = 1500;

    private final DatagramSocket socket;
    private final Thread thread;
    private volatile boolean closed;

    private BroadcastReceiver(DatagramSocket socket, LeaseServlet servlet, CoreServerControl server) {
        this.socket = socket;
        this.thread = new Thread(() -> receive(servlet, server), "dhcp4java-broadcast-receive");
        this.thread.setDaemon(true);
    }

    /** Binds 255.255.255.255:{@code port} and starts receiving. */
    static BroadcastReceiver start(int port, LeaseServlet servlet, CoreServerControl server) throws SocketException {
        DatagramSocket socket = new DatagramSocket(null);
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {-1, -1, -1, -1}), port));
        } catch (IOException e) {
            socket.close();
            throw e instanceof SocketException se ? se : new SocketException(e.toString());
        }
        BroadcastReceiver receiver = new BroadcastReceiver(socket, servlet, server);
        receiver.thread.start();
        return receiver;
    }

    private void receive(LeaseServlet servlet, CoreServerControl server) {
        ThreadPoolExecutor workers = server.workers();
        while (!closed) {
            DatagramPacket datagram = new DatagramPacket(new byte[MAX_DATAGRAM], MAX_DATAGRAM);
            try {
                socket.receive(datagram);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // a transient receive error; the next datagram may be fine
            }
            if (workers.isShutdown()) {
                return;
            }
            workers.execute(() -> {
                DatagramPacket reply = servlet.serviceBroadcast(datagram);
                if (reply != null) {
                    try {
                        server.send(reply);
                    } catch (IOException e) {
                        // as dhcp4java does for its own replies: the client retransmits
                    }
                }
            });
        }
    }

    @Override
    public void close() {
        closed = true;
        socket.close();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
