package org.dhcpfailover.plugin.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;

/**
 * One listening socket of the secondary (RFC 8156 §6.1: the secondary MUST listen) and the
 * secondary relationships configured on its address; several may share it (RFC 7031 R3).
 *
 * @param configured the listen address from the configuration
 * @param bound      the address actually bound (differs when the configured port is 0)
 * @param channel    the listening socket
 * @param handlers   the secondary relationships on this address
 */
record Listener(InetSocketAddress configured, InetSocketAddress bound, ServerSocketChannel channel,
        List<PartnerConnectionHandler> handlers) {

    /** The relationships whose partner has address {@code peer}: the only ones it may connect for (§6.1). */
    List<PartnerConnectionHandler> relationshipsWith(InetAddress peer) {
        return handlers.stream().filter(h -> peer.equals(h.config().partnerAddress().getAddress())).toList();
    }
}
