package org.dhcpfailover.pair;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * What a server's failover store holds: the ACTIVE leases (resource → client DUID in hex) and
 * every lease's state, read with the plugin's own store code, so invariants are checked against
 * what the server would serve after a restart, not against its logs. A resource is written as
 * the clients write it: an IPv4 address in dotted form, an IPv6 address as Java prints it, a
 * delegated prefix as that address, "/" and its length.
 */
public record StoreView(Map<String, String> activeByAddress, Map<String, String> stateByAddress) {

    /** Reads the store of relationship {@code relationship} under a stopped host's store directory. */
    public static StoreView read(Path hostStoreDirectory, String relationship) throws IOException {
        Map<String, String> active = new TreeMap<>();
        Map<String, String> states = new TreeMap<>();
        try (BindingDatabase database = BindingDatabase.open(hostStoreDirectory.resolve("failover"),
                StoreSettings.defaults(), relationship)) {
            for (Binding binding : database.all()) {
                String resource = resource(binding.lease());
                states.put(resource, binding.status().toString());
                if (binding.status().equals(BindingStatus.ACTIVE) && binding.client().isPresent()) {
                    active.put(resource, HexFormat.of().formatHex(binding.client().get().duid().toByteArray()));
                }
            }
        } catch (org.dhcpfailover.plugin.bindingdb.BindingDecodeException e) {
            throw new IOException("store under " + hostStoreDirectory + " holds an unreadable binding: " + e.getMessage(), e);
        }
        return new StoreView(active, states);
    }

    /**
     * Reads a copy of a running server's store as it is on disk now (the server keeps writing the
     * original; a record it is writing at this moment may be cut off in the copy, which the store
     * code drops as a torn tail). {@code scratch} is deleted afterwards.
     */
    public static StoreView snapshot(Path hostStoreDirectory, String relationship, Path scratch) throws IOException {
        Path source = hostStoreDirectory.resolve("failover");
        Path copy = scratch.resolve("failover");
        try {
            try (Stream<Path> files = Files.walk(source)) {
                for (Path file : files.sorted().toList()) {
                    Path target = copy.resolve(source.relativize(file).toString());
                    if (Files.isDirectory(file)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return read(scratch, relationship);
        } finally {
            delete(scratch);
        }
    }

    /**
     * The delegated prefixes (resources written {@code address/length}) whose state is named
     * {@code status}, e.g. FREE-BACKUP (states are kept as the plugin prints them: {@code FREE-BACKUP(6)}).
     */
    public List<String> prefixesIn(String status) {
        return stateByAddress.entrySet().stream().filter(e -> e.getKey().contains("/")
                && (e.getValue().equals(status) || e.getValue().startsWith(status + "("))).map(Map.Entry::getKey).toList();
    }

    /** How many delegated prefixes the store has a binding for, in any state. */
    public long prefixes() {
        return stateByAddress.keySet().stream().filter(resource -> resource.contains("/")).count();
    }

    /** How a lease is written: dotted IPv4, Java's IPv6 text, a prefix with "/length". */
    static String resource(Lease lease) throws IOException {
        byte[] bytes = lease.value().toBytes();
        if (lease.isIpv4Mapped()) {
            byte[] v4 = new byte[4];
            System.arraycopy(bytes, 12, v4, 0, 4);
            return InetAddress.getByAddress(v4).getHostAddress();
        }
        String address = InetAddress.getByAddress(bytes).getHostAddress();
        return lease.isPrefix() ? address + "/" + lease.prefixLength() : address;
    }

    /** The DUID-LL (type 3, hardware type 1) a DHCPv4 client with this MAC has (docs/protocol.md §2). */
    public static String duidOfMac(byte[] mac) {
        return "00030001" + HexFormat.of().formatHex(mac);
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
