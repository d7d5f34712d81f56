package org.dhcpfailover.host.lease;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.zip.CRC32;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.ResourceKind;

/**
 * A host's own lease file, {@code <store-directory>/<file name of its Format>}, shared by the DHCPv4 and
 * DHCPv6 hosts: an append-only journal with
 * one text line per change, written to the operating system before the client's reply is sent and
 * not fsync'd (Kea's memfile makes the same trade: a {@code kill -9} loses nothing, a power loss
 * may lose the last seconds). At start it is replayed and compacted (one line per lease, written to
 * a temporary file, fsync'd and renamed over the journal).
 *
 * <p>Format (docs/host-v4.md, docs/host-v6.md): the host's header line, then
 * <pre>
 * L resource state kind iaid duid-hex validUntil preferredUntil renewAt rebindAt crc32
 * D resource crc32
 * </pre>
 * where a resource is an address ({@code 10.99.0.100}, {@code 2001:db8:1:0:0:0:0:1000}: a /32 or /128)
 * or a delegated prefix with its length ({@code 2001:db8:100:0:0:0:0:0/56}), times are in seconds since
 * the epoch and the last field is a CRC-32 (8 hex digits) of the text before it. An
 * incomplete last line (an abrupt stop while writing) is ignored; a damaged line elsewhere is
 * skipped and reported.
 */
public final class LeaseJournal implements Closeable {

    /**
     * Which host's journal: its file name in the store directory and its first line, which a
     * journal of another host (or another format) does not have.
     */
    public record Format(String fileName, String header) {
        public Format {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(header, "header");
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final FileChannel channel;
    private boolean failed;

    private LeaseJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** What {@link #open} found. */
    public record Loaded(LeaseJournal journal, List<HostLease> leases, Replay replay) {}

    /**
     * @param lines         change lines read (header excluded)
     * @param tornTail      whether the last line was incomplete and ignored
     * @param skipped       damaged lines skipped, each "line N: reason"
     */
    public record Replay(int lines, boolean tornTail, List<String> skipped) {}

    /**
     * Replays the journal in {@code storeDirectory} (creating the directory and an empty journal
     * if there is none), compacts it and opens it for appending.
     *
     * @throws JournalException if the file is not a lease journal of this format, or on I/O errors
     */
    public static Loaded open(Path storeDirectory, Format format) throws JournalException {
        Path file = storeDirectory.resolve(format.fileName());
        try {
            Files.createDirectories(storeDirectory);
            Map<String, HostLease> leases = new LinkedHashMap<>();
            Replay replay = replay(file, format.header(), leases);
            compact(file, format.header(), leases.values());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new Loaded(new LeaseJournal(file, channel), List.copyOf(leases.values()), replay);
        } catch (IOException e) {
            throw new JournalException("cannot use the lease journal " + file + ": " + e, e);
        }
    }

    public Path file() {
        return file;
    }

    /** Appends the lease's new state. */
    public synchronized void recordLease(HostLease lease) {
        append(leaseLine(lease));
    }

    /** Appends that the address (a /32 or /128) no longer has a lease. */
    public synchronized void recordRemoval(InetAddress address) {
        recordRemoval(address, fullLength(address));
    }

    /** Appends that the address or delegated prefix no longer has a lease. */
    public synchronized void recordRemoval(InetAddress address, int prefixLength) {
        append(withCrc("D " + resource(address, prefixLength)));
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the lease journal " + file, e);
        }
    }

    /**
     * One write per line, so that an abrupt stop leaves at most the last line incomplete. After
     * a failed write the journal refuses further lines (a partial line followed by a whole one
     * would damage both); the host then stops granting leases until restarted.
     */
    private void append(String line) {
        if (failed) {
            throw new UncheckedIOException(new IOException(
                    "the lease journal " + file + " failed earlier; restart the server once the disk is fixed"));
        }
        ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException e) {
            failed = true;
            throw new UncheckedIOException("writing the lease journal " + file, e);
        }
    }

    /** The key of a lease in the journal (and in {@link #applyLine}'s map): its resource's text. */
    public static String resource(InetAddress address, int prefixLength) {
        return prefixLength == fullLength(address) ? address.getHostAddress()
                : address.getHostAddress() + "/" + prefixLength;
    }

    private static int fullLength(InetAddress address) {
        return address.getAddress().length * 8;
    }

    public static String leaseLine(HostLease lease) {
        ClientKey client = lease.client();
        return withCrc("L " + resource(lease.address(), lease.prefixLength())
                + " " + lease.state()
                + " " + client.kind()
                + " " + client.iaid()
                + " " + HEX.formatHex(client.duid())
                + " " + lease.validUntil().getEpochSecond()
                + " " + lease.preferredUntil().getEpochSecond()
                + " " + lease.renewAt().getEpochSecond()
                + " " + lease.rebindAt().getEpochSecond());
    }

    private static String withCrc(String text) {
        return text + " " + crc(text);
    }

    private static String crc(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.US_ASCII));
        return String.format("%08x", crc.getValue());
    }

    private static Replay replay(Path file, String header, Map<String, HostLease> leases)
            throws IOException, JournalException {
        List<String> skipped = new ArrayList<>();
        int lines = 0;
        boolean torn = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Line first = Line.read(in);
            if (first == null) {
                return new Replay(0, false, List.of());
            }
            if (!first.complete()) {
                if (header.startsWith(first.text())) {
                    return new Replay(0, true, List.of()); // stopped while writing the header
                }
                throw notAJournal(file, header);
            }
            if (!first.text().equals(header)) {
                throw notAJournal(file, header);
            }
            int number = 1;
            for (Line line = Line.read(in); line != null; line = Line.read(in)) {
                number++;
                if (!line.complete()) {
                    torn = true; // only the last line can be incomplete
                    break;
                }
                lines++;
                try {
                    applyLine(line.text(), leases);
                } catch (IllegalArgumentException | DateTimeException e) {
                    skipped.add("line " + number + ": " + e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            return new Replay(0, false, List.of());
        }
        return new Replay(lines, torn, List.copyOf(skipped));
    }

    private static JournalException notAJournal(Path file, String header) {
        return new JournalException(file + " is not a lease journal of this host (its first line is not \""
                + header + "\"); move it away or point store-directory elsewhere");
    }

    /**
     * Applies one journal line to {@code leases}, keyed by {@link #resource}.
     *
     * @throws IllegalArgumentException naming what is wrong with the line
     */
    public static void applyLine(String text, Map<String, HostLease> leases) {
        int lastSpace = text.lastIndexOf(' ');
        if (lastSpace < 0 || !crc(text.substring(0, lastSpace)).equals(text.substring(lastSpace + 1))) {
            throw new IllegalArgumentException("checksum does not match (damaged line)");
        }
        String[] f = text.substring(0, lastSpace).split(" ");
        switch (f[0]) {
            case "L" -> {
                if (f.length != 10) {
                    throw new IllegalArgumentException("a lease line has 10 fields, this one " + f.length);
                }
                Resource resource = Resource.parse(f[1]);
                HostLease lease = new HostLease(
                        new ClientKey(HEX.parseHex(f[5]), ResourceKind.valueOf(f[3]), Long.parseLong(f[4])),
                        resource.address(), resource.prefixLength(), HostLease.State.valueOf(f[2]),
                        Instant.ofEpochSecond(Long.parseLong(f[6])),
                        Instant.ofEpochSecond(Long.parseLong(f[7])),
                        Instant.ofEpochSecond(Long.parseLong(f[8])),
                        Instant.ofEpochSecond(Long.parseLong(f[9])));
                leases.put(resource.key(), lease);
            }
            case "D" -> {
                if (f.length != 2) {
                    throw new IllegalArgumentException("a removal line has 2 fields, this one " + f.length);
                }
                leases.remove(Resource.parse(f[1]).key());
            }
            default -> throw new IllegalArgumentException("unknown line type \"" + f[0] + "\"");
        }
    }

    /** An address or a delegated prefix as the journal writes it. */
    private record Resource(InetAddress address, int prefixLength) {

        String key() {
            return resource(address, prefixLength);
        }

        /**
         * Parses {@code a.b.c.d}, an IPv6 literal, or either with {@code /length}; never a host
         * name (no name lookup happens here).
         */
        static Resource parse(String text) {
            int slash = text.indexOf('/');
            String literal = slash < 0 ? text : text.substring(0, slash);
            InetAddress address = literal.indexOf(':') >= 0 ? ipv6(literal) : ipv4(literal);
            int full = fullLength(address);
            int length = full;
            if (slash >= 0) {
                length = Integer.parseInt(text.substring(slash + 1));
                if (length < 0 || length > full) {
                    throw new IllegalArgumentException("\"" + text + "\" has no valid prefix length");
                }
            }
            return new Resource(address, length);
        }

        private static InetAddress ipv4(String text) {
            String[] octets = text.split("\\.", -1);
            if (octets.length != 4) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
            }
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                String octet = octets[i];
                if (octet.isEmpty() || octet.length() > 3) {
                    throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
                }
                int v = Integer.parseInt(octet);
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
                }
                bytes[i] = (byte) v;
            }
            return byAddress(bytes, text);
        }

        private static InetAddress ipv6(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
                    throw new IllegalArgumentException("\"" + text + "\" is not an IPv6 address");
                }
            }
            try {
                // a literal of hex digits, colons and dots is parsed, never looked up
                InetAddress address = InetAddress.getByName(text);
                if (!(address instanceof Inet6Address)) {
                    throw new IllegalArgumentException("\"" + text + "\" is not an IPv6 address");
                }
                return address;
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv6 address");
            }
        }

        private static InetAddress byAddress(byte[] bytes, String text) {
            try {
                return InetAddress.getByAddress(bytes);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IP address");
            }
        }
    }

    /** Writes the leases to a new file, fsyncs it and renames it over the journal. */
    private static void compact(Path file, String header, Collection<HostLease> leases) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".compacting");
        StringBuilder text = new StringBuilder(header).append('\n');
        for (HostLease lease : leases) {
            text.append(leaseLine(lease)).append('\n');
        }
        ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /** A line and whether it ended with a newline. */
    private record Line(String text, boolean complete) {
        static Line read(InputStream in) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    return new Line(bytes.toString(StandardCharsets.US_ASCII), true);
                }
                bytes.write(b);
            }
            return bytes.size() == 0 ? null : new Line(bytes.toString(StandardCharsets.US_ASCII), false);
        }
    }

    /** The journal cannot be used; the host does not start. */
    public static final class JournalException extends Exception {
        private static final long serialVersionUID = 1L;

        JournalException(String message) {
            super(message);
        }

        JournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
