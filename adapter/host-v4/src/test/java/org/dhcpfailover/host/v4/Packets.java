package org.dhcpfailover.host.v4;

import static org.dhcp4java.DHCPConstants.BOOTREQUEST;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_CLIENT_IDENTIFIER;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_REQUESTED_ADDRESS;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_SERVER_IDENTIFIER;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.dhcp4java.DHCPPacket;

/** Client messages built field by field, as a client or relay would send them. */
final class Packets {

    private final DHCPPacket packet = new DHCPPacket();
    private InetAddress source;
    private int sourcePort = 68;

    private Packets(byte type, byte[] mac, int xid) {
        packet.setOp(BOOTREQUEST);
        packet.setHtype((byte) 1);
        packet.setHlen((byte) mac.length);
        packet.setXid(xid);
        packet.setChaddr(mac);
        packet.setDHCPMessageType(type);
        source = ip("0.0.0.0");
    }

    static Packets of(byte type, byte[] mac, int xid) {
        return new Packets(type, mac, xid);
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] mac(int last) {
        return new byte[] {0x02, 0x00, 0x5e, 0x10, 0x00, (byte) last};
    }

    Packets requested(String address) {
        packet.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, ip(address));
        return this;
    }

    Packets serverId(String address) {
        packet.setOptionAsInetAddress(DHO_DHCP_SERVER_IDENTIFIER, ip(address));
        return this;
    }

    Packets ciaddr(String address) {
        packet.setCiaddr(ip(address));
        source = ip(address);
        return this;
    }

    Packets clientId(byte[] option61) {
        packet.setOptionRaw(DHO_DHCP_CLIENT_IDENTIFIER, option61);
        return this;
    }

    /** As forwarded by a relay agent at {@code giaddr}, from {@code port}. */
    Packets relayedBy(String giaddr, int port) {
        packet.setGiaddr(ip(giaddr));
        packet.setHops((byte) 1);
        source = ip(giaddr);
        sourcePort = port;
        return this;
    }

    DHCPPacket packet() {
        return packet;
    }

    DatagramPacket datagram() {
        byte[] bytes = packet.serialize();
        return new DatagramPacket(bytes, bytes.length, source, sourcePort);
    }

    /** Reads a reply the servlet produced; its address and port are where it is sent. */
    static DHCPPacket reply(DatagramPacket datagram) {
        return DHCPPacket.getPacket(datagram);
    }
}
