package org.dhcpfailover.host.v4;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** IPv4 addresses as unsigned 32-bit numbers held in an {@code int}, and back. */
final class Ipv4 {

    private Ipv4() {}

    static int toInt(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + address.getHostAddress());
        }
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    static Inet4Address toAddress(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new AssertionError("four octets are always an address", e);
        }
    }

    /** The address as an unsigned number (for ordering and distances). */
    static long unsigned(int value) {
        return value & 0xFFFF_FFFFL;
    }

    /** 0.0.0.0, which DHCPv4 uses for "no address" in ciaddr, giaddr and yiaddr. */
    static boolean isZero(InetAddress address) {
        return address == null || toInt(address) == 0;
    }

    static String text(int value) {
        return (value >>> 24) + "." + (value >>> 16 & 0xFF) + "." + (value >>> 8 & 0xFF) + "." + (value & 0xFF);
    }
}
