package org.dhcpfailover.host.v4;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
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
import java.util.zip.CRC32;
import org.dhcpfailover.hook.spi.ClientKey;
import org.dhcpfailover.hook.spi.HostLease;
import org.dhcpfailover.hook.spi.ResourceKind;

/**
 * The host's own lease file, {@code <store-directory>/host-v4-leases}: an append-only journal with
 * one text line per change, written to the operating system before the client's reply is sent and
 * not fsync'd (Kea's memfile makes the same trade: a {@code kill -9} loses nothing, a power loss
 * may lose the last seconds). At start it is replayed and compacted (one line per lease, written to
 * a temporary file, fsync'd and renamed over the journal).
 *
 * <p>Format (docs/host-v4.md): a header line {@value #HEADER}, then
 * <pre>
 * L address state kind iaid duid-hex validUntil preferredUntil renewAt rebindAt crc32
 * D address crc32
 * </pre>
 * with times in seconds since the epoch and a CRC-32 (8 hex digits) of the text before it. An
 * incomplete last line (an abrupt stop while writing) is ignored; a damaged line elsewhere is
 * skipped and reported.
 */
final class LeaseJournal implements Closeable {

    static final String FILE_NAME = "host-v4-leases";
    static final String HEADER = "# failover-host-v4 lease journal, format 1";

    private static final HexFormat HEX = HexFormat.of();

    private final Path file;
    private final FileChannel channel;
    private boolean failed;

    private LeaseJournal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** What {@link #open} found. */
    record Loaded(LeaseJournal journal, List<HostLease> leases, Replay replay) {}

    /**
     * @param lines         change lines read (header excluded)
     * @param tornTail      whether the last line was incomplete and ignored
     * @param skipped       damaged lines skipped, each "line N: reason"
     */
    record Replay(int lines, boolean tornTail, List<String> skipped) {}

    /**
     * Replays the journal in {@code storeDirectory} (creating the directory and an empty journal
     * if there is none), compacts it and opens it for appending.
     *
     * @throws JournalException if the file is not a lease journal of this format, or on I/O errors
     */
    static Loaded open(Path storeDirectory) throws JournalException {
        Path file = storeDirectory.resolve(FILE_NAME);
        try {
            Files.createDirectories(storeDirectory);
            Map<Integer, HostLease> leases = new LinkedHashMap<>();
            Replay replay = replay(file, leases);
            compact(file, leases.values());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new Loaded(new LeaseJournal(file, channel), List.copyOf(leases.values()), replay);
        } catch (IOException e) {
            throw new JournalException("cannot use the lease journal " + file + ": " + e, e);
        }
    }

    Path file() {
        return file;
    }

    /** Appends the lease's new state. */
    synchronized void recordLease(HostLease lease) {
        append(leaseLine(lease));
    }

    /** Appends that the address no longer has a lease. */
    synchronized void recordRemoval(InetAddress address) {
        append(withCrc("D " + address.getHostAddress()));
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

    static String leaseLine(HostLease lease) {
        ClientKey client = lease.client();
        return withCrc("L " + lease.address().getHostAddress()
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

    private static Replay replay(Path file, Map<Integer, HostLease> leases) throws IOException, JournalException {
        List<String> skipped = new ArrayList<>();
        int lines = 0;
        boolean torn = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            Line header = Line.read(in);
            if (header == null) {
                return new Replay(0, false, List.of());
            }
            if (!header.complete()) {
                if (HEADER.startsWith(header.text())) {
                    return new Replay(0, true, List.of()); // stopped while writing the header
                }
                throw notAJournal(file);
            }
            if (!header.text().equals(HEADER)) {
                throw notAJournal(file);
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

    private static JournalException notAJournal(Path file) {
        return new JournalException(file + " is not a lease journal of this host (its first line is not \""
                + HEADER + "\"); move it away or point store-directory elsewhere");
    }

    /** @throws IllegalArgumentException naming what is wrong with the line */
    static void applyLine(String text, Map<Integer, HostLease> leases) {
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
                Inet4Address address = address(f[1]);
                HostLease lease = new HostLease(
                        new ClientKey(HEX.parseHex(f[5]), ResourceKind.valueOf(f[3]), Long.parseLong(f[4])),
                        address, 32, HostLease.State.valueOf(f[2]),
                        Instant.ofEpochSecond(Long.parseLong(f[6])),
                        Instant.ofEpochSecond(Long.parseLong(f[7])),
                        Instant.ofEpochSecond(Long.parseLong(f[8])),
                        Instant.ofEpochSecond(Long.parseLong(f[9])));
                leases.put(Ipv4.toInt(address), lease);
            }
            case "D" -> {
                if (f.length != 2) {
                    throw new IllegalArgumentException("a removal line has 2 fields, this one " + f.length);
                }
                leases.remove(Ipv4.toInt(address(f[1])));
            }
            default -> throw new IllegalArgumentException("unknown line type \"" + f[0] + "\"");
        }
    }

    private static Inet4Address address(String text) {
        String[] octets = text.split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
        }
        int value = 0;
        for (String octet : octets) {
            int v = Integer.parseInt(octet);
            if (v < 0 || v > 255 || octet.isEmpty() || octet.length() > 3) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address");
            }
            value = value << 8 | v;
        }
        return Ipv4.toAddress(value);
    }

    /** Writes the leases to a new file, fsyncs it and renames it over the journal. */
    private static void compact(Path file, Collection<HostLease> leases) throws IOException {
        Path temporary = file.resolveSibling(FILE_NAME + ".compacting");
        StringBuilder text = new StringBuilder(HEADER).append('\n');
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
    static final class JournalException extends Exception {
        private static final long serialVersionUID = 1L;

        JournalException(String message) {
            super(message);
        }

        JournalException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
