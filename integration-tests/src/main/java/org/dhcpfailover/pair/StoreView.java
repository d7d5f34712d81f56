package org.dhcpfailover.pair;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * What a stopped server's failover store holds: the ACTIVE leases (address → client DUID in hex)
 * and every lease's state, read with the plugin's own store code, so invariants are checked
 * against what the server would serve after a restart, not against its logs.
 */
public record StoreView(Map<String, String> activeByAddress, Map<String, String> stateByAddress) {

    /** Reads the store of relationship {@code relationship} under a host's store directory. */
    public static StoreView read(Path hostStoreDirectory, String relationship) throws IOException {
        Map<String, String> active = new TreeMap<>();
        Map<String, String> states = new TreeMap<>();
        try (BindingDatabase database = BindingDatabase.open(hostStoreDirectory.resolve("failover"),
                StoreSettings.defaults(), relationship)) {
            for (Binding binding : database.all()) {
                String address = ipv4(binding.lease().value().toBytes());
                states.put(address, binding.status().toString());
                if (binding.status().equals(BindingStatus.ACTIVE) && binding.client().isPresent()) {
                    active.put(address, HexFormat.of().formatHex(binding.client().get().duid().toByteArray()));
                }
            }
        } catch (org.dhcpfailover.plugin.bindingdb.BindingDecodeException e) {
            throw new IOException("store under " + hostStoreDirectory + " holds an unreadable binding: " + e.getMessage(), e);
        }
        return new StoreView(active, states);
    }

    private static String ipv4(byte[] mapped) throws IOException {
        byte[] v4 = new byte[4];
        System.arraycopy(mapped, 12, v4, 0, 4);
        return InetAddress.getByAddress(v4).getHostAddress();
    }

    /** The DUID-LL (type 3, hardware type 1) a DHCPv4 client with this MAC has (docs/protocol.md §2). */
    public static String duidOfMac(byte[] mac) {
        return "00030001" + HexFormat.of().formatHex(mac);
    }
}
