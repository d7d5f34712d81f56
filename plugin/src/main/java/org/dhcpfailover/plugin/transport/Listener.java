package org.dhcpfailover.plugin.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.PartnerConnectionHandler;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;

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

    /**
     * Opens one listening socket per distinct listen address of the secondary relationships among
     * {@code handlers}, in configuration order.
     *
     * @throws IOException naming the address that failed; nothing is left open
     */
    static List<Listener> openAll(Selector selector, List<PartnerConnectionHandler> handlers, CatalogLogger log)
            throws IOException {
        Map<InetSocketAddress, List<PartnerConnectionHandler>> byAddress = new LinkedHashMap<>();
        for (PartnerConnectionHandler handler : handlers) {
            RelationshipConfig config = handler.config();
            if (config.role() == Role.SECONDARY) {
                byAddress.computeIfAbsent(config.listenAddress(), a -> new ArrayList<>()).add(handler);
            }
        }
        List<Listener> result = new ArrayList<>();
        try {
            for (Map.Entry<InetSocketAddress, List<PartnerConnectionHandler>> entry : byAddress.entrySet()) {
                result.add(open(selector, entry.getKey(), entry.getValue(), log));
            }
        } catch (IOException | RuntimeException e) {
            result.forEach(listener -> Sockets.close(listener.channel()));
            throw e;
        }
        return List.copyOf(result);
    }

    /**
     * Binds {@code address} for {@code group} and registers it with {@code selector}; logs
     * FO_LISTENING per relationship, or FO_LISTEN_FAILED.
     *
     * @throws IOException naming the address; nothing is left open
     */
    static Listener open(Selector selector, InetSocketAddress address, List<PartnerConnectionHandler> group,
            CatalogLogger log) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            // A restarted secondary must get its port back while old connections sit in TIME_WAIT.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address);
            channel.configureBlocking(false);
            Listener listener = new Listener(address, (InetSocketAddress) channel.getLocalAddress(), channel,
                    List.copyOf(group));
            channel.register(selector, SelectionKey.OP_ACCEPT, listener);
            for (PartnerConnectionHandler handler : group) {
                log.log(LogMessage.FO_LISTENING, handler.config().name(), PeerAddress.describe(listener.bound()));
            }
            return listener;
        } catch (IOException | UnresolvedAddressException | UnsupportedAddressTypeException e) {
            channel.close();
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            log.log(LogMessage.FO_LISTEN_FAILED, ConnectRouter.names(group), PeerAddress.describe(address), reason);
            throw new IOException("cannot listen on " + PeerAddress.describe(address) + ": " + reason, e);
        }
    }

    /** The relationships whose partner has address {@code peer}: the only ones it may connect for (§6.1). */
    List<PartnerConnectionHandler> relationshipsWith(InetAddress peer) {
        return handlers.stream().filter(h -> peer.equals(h.config().partnerAddress().getAddress())).toList();
    }
}
