package org.dhcpfailover.plugin.transport;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** How the transport writes an address in log lines and {@code PartnerLink.peer()}. */
final class PeerAddress {

    private PeerAddress() {
    }

    /** {@code 192.0.2.1:647} or {@code [2001:db8::1]:647}. */
    static String describe(SocketAddress address) {
        if (address instanceof InetSocketAddress socket) {
            String host = socket.getAddress() != null ? InetAddresses.toAddrString(socket.getAddress())
                    : socket.getHostString();
            return HostAndPort.fromParts(host, socket.getPort()).toString();
        }
        return String.valueOf(address);
    }

    /** {@code 192.0.2.1} or {@code 2001:db8::1}. */
    static String describe(InetAddress address) {
        return InetAddresses.toAddrString(address);
    }
}
