package org.dhcpfailover.host.v4;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.dhcp4java.DHCPConstants;
import org.dhcp4java.DHCPPacket;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.ResourceKind;

/**
 * A DHCPv4 client's identity as a DUID and IAID (docs/protocol.md §2):
 * <ol>
 * <li>option 61 in RFC 4361 form (type 255, a 4-octet IAID, a DUID): that DUID and IAID;</li>
 * <li>option 61 of another form (type t, data): DUID-LL (RFC 8415 §11.4, type 3) with hardware
 *     type t and the data as link-layer address, IAID 0;</li>
 * <li>no option 61: DUID-LL from htype and the first hlen octets of chaddr, IAID 0.</li>
 * </ol>
 * A client that sends option 61 with hardware type 1 and its MAC is therefore the same client as
 * one that sends no option 61 from that MAC.
 */
final class ClientIdentity {

    /** DUID-LL, RFC 8415 §11.4. */
    static final int DUID_LL = 3;
    /** RFC 4361 §6.1: option 61 type 255 carries an IAID and a DUID. */
    static final int RFC4361_TYPE = 255;

    private static final int MAX_DUID = 130;

    private ClientIdentity() {}

    /**
     * The client of {@code request}.
     *
     * @throws MalformedRequestException if the identity cannot be read (option 61 too short or
     *     too long for a DUID, no usable chaddr)
     */
    static ClientKey of(DHCPPacket request) throws MalformedRequestException {
        byte[] option61 = request.getOptionRaw(DHCPConstants.DHO_DHCP_CLIENT_IDENTIFIER);
        if (option61 != null) {
            return fromOption61(option61);
        }
        int hlen = request.getHlen() & 0xFF;
        if (hlen == 0 || hlen > 16) {
            throw new MalformedRequestException(
                    "no client identifier (option 61) and hlen " + hlen + " gives no hardware address");
        }
        return new ClientKey(duidLl(request.getHtype() & 0xFF,
                Arrays.copyOf(request.getChaddr(), hlen)), ResourceKind.IPV4_ADDRESS, 0);
    }

    static ClientKey fromOption61(byte[] option61) throws MalformedRequestException {
        // RFC 2132 §9.14: the option is at least two octets, a type and an identifier.
        if (option61.length < 2) {
            throw new MalformedRequestException(
                    "client identifier (option 61) of " + option61.length + " octet(s); at least 2 needed");
        }
        int type = option61[0] & 0xFF;
        if (type == RFC4361_TYPE) {
            // RFC 4361 §6.1: type 255, IAID (4 octets), DUID (at least one octet).
            if (option61.length < 6) {
                throw new MalformedRequestException("RFC 4361 client identifier of " + option61.length
                        + " octets; type, 4-octet IAID and a DUID need at least 6");
            }
            byte[] duid = Arrays.copyOfRange(option61, 5, option61.length);
            if (duid.length > MAX_DUID) {
                throw new MalformedRequestException(
                        "RFC 4361 DUID of " + duid.length + " octets; at most " + MAX_DUID);
            }
            long iaid = ByteBuffer.wrap(option61, 1, 4).getInt() & 0xFFFF_FFFFL;
            return new ClientKey(duid, ResourceKind.IPV4_ADDRESS, iaid);
        }
        byte[] data = Arrays.copyOfRange(option61, 1, option61.length);
        if (data.length + 4 > MAX_DUID) {
            throw new MalformedRequestException("client identifier of " + option61.length
                    + " octets does not fit a DUID-LL of at most " + MAX_DUID + " octets");
        }
        return new ClientKey(duidLl(type, data), ResourceKind.IPV4_ADDRESS, 0);
    }

    /** DUID-LL: type 3, a 16-bit hardware type, the link-layer address. */
    static byte[] duidLl(int hardwareType, byte[] linkLayerAddress) {
        return ByteBuffer.allocate(4 + linkLayerAddress.length)
                .putShort((short) DUID_LL)
                .putShort((short) hardwareType)
                .put(linkLayerAddress)
                .array();
    }
}
