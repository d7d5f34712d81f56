package org.dhcpfailover.host.v4;

import static org.dhcp4java.DHCPConstants.DHCPACK;
import static org.dhcp4java.DHCPConstants.DHCPDISCOVER;
import static org.dhcp4java.DHCPConstants.DHCPOFFER;
import static org.dhcp4java.DHCPConstants.DHCPREQUEST;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_SERVER_IDENTIFIER;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.HexFormat;
import org.dhcp4java.DHCPPacket;

/**
 * A DHCPv4 client with a fixed MAC address, acting as its own relay on loopback (giaddr
 * 127.0.0.1, sending from a high port, so the reply comes back to that port): one DISCOVER /
 * OFFER / REQUEST / ACK exchange, then it prints {@code ACK <address>} and exits 0; exit 1 if the
 * server does not answer within the timeout. Run inside the test's network namespace by
 * {@link FailoverHostV4ProcessIT}.
 *
 * <p>Usage: {@code NamedClient SERVER_IP SERVER_PORT MAC}, e.g. {@code 127.0.0.1 1067 02:00:5e:10:00:99}
 */
public final class NamedClient {

    private static final int TIMEOUT_MILLIS = 3000;

    private NamedClient() {}

    public static void main(String[] args) throws Exception {
        InetAddress server = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        byte[] mac = HexFormat.ofDelimiter(":").parseHex(args[2]);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(loopback, 0))) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            int xid = (int) System.nanoTime();
            DHCPPacket offer = exchange(socket, server, port,
                    Packets.of(DHCPDISCOVER, mac, xid).relayedBy("127.0.0.1", socket.getLocalPort()).packet(), DHCPOFFER);
            String address = offer.getYiaddr().getHostAddress();
            DHCPPacket ack = exchange(socket, server, port, Packets.of(DHCPREQUEST, mac, xid)
                    .serverId(offer.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER).getHostAddress())
                    .requested(address).relayedBy("127.0.0.1", socket.getLocalPort()).packet(), DHCPACK);
            System.out.println("ACK " + ack.getYiaddr().getHostAddress());
        } catch (SocketTimeoutException e) {
            System.out.println("NO ANSWER within " + TIMEOUT_MILLIS + " ms");
            System.exit(1);
        }
    }

    private static DHCPPacket exchange(DatagramSocket socket, InetAddress server, int port, DHCPPacket request,
            byte expected) throws Exception {
        byte[] bytes = request.serialize();
        socket.send(new DatagramPacket(bytes, bytes.length, server, port));
        while (true) {
            DatagramPacket datagram = new DatagramPacket(new byte[1500], 1500);
            socket.receive(datagram);
            DHCPPacket reply = DHCPPacket.getPacket(datagram);
            if (reply.getXid() == request.getXid()) {
                if (reply.getDHCPMessageType() != expected) {
                    throw new IllegalStateException("expected message type " + expected + ", got " + reply.getDHCPMessageType());
                }
                return reply;
            }
        }
    }
}
