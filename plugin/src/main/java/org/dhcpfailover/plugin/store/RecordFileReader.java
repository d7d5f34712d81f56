package org.dhcpfailover.plugin.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Reads the records of one store file front to back through a chunk buffer, and stops at the
 * first record that is incomplete or fails its checksum: nothing after damage is ever taken
 * for data. It then looks for a valid record further on, to tell a torn tail (a power loss
 * during the last write) from damage in the middle.
 */
final class RecordFileReader {

    private static final int CHUNK = 1 << 20;

    private final StoreFile file;
    private final long size;
    private byte[] chunk = new byte[0];
    private long chunkStart;

    RecordFileReader(StoreFile file) throws IOException {
        this.file = file;
        this.size = file.size();
    }

    /** Passes every valid record, in order, to {@code sink}, and reports where and why it stopped. */
    FileScan scan(Consumer<LogRecord> sink) throws IOException {
        long position = 0;
        long records = 0;
        while (position < size) {
            LogRecord record = recordAt(position);
            if (record == null) {
                break;
            }
            sink.accept(record);
            records++;
            position += RecordCodec.encodedSize(record);
        }
        if (position == size) {
            return new FileScan(records, position, size, null, -1);
        }
        return new FileScan(records, position, size, damageAt(position), nextValidAfter(position));
    }

    private LogRecord recordAt(long position) throws IOException {
        byte[] header = bytes(position, RecordCodec.HEADER);
        if (header == null) {
            return null;
        }
        int bodyLength = ByteBuffer.wrap(header).getInt();
        if (!RecordCodec.plausibleBodyLength(bodyLength)) {
            return null;
        }
        byte[] body = bytes(position + RecordCodec.HEADER, bodyLength);
        return body == null ? null : RecordCodec.decode(header, body);
    }

    private String damageAt(long position) throws IOException {
        byte[] header = bytes(position, RecordCodec.HEADER);
        if (header == null) {
            return "partial record header (" + (size - position) + " bytes)";
        }
        int bodyLength = ByteBuffer.wrap(header).getInt();
        if (!RecordCodec.plausibleBodyLength(bodyLength)) {
            return "impossible record length " + bodyLength;
        }
        if (position + RecordCodec.HEADER + bodyLength > size) {
            return "record of " + bodyLength + " bytes runs past the end of the file";
        }
        return "checksum or structure mismatch";
    }

    private long nextValidAfter(long damaged) throws IOException {
        for (long p = damaged + 1; p + RecordCodec.HEADER + RecordCodec.MIN_BODY <= size; p++) {
            if (recordAt(p) != null) {
                return p;
            }
        }
        return -1;
    }

    /** The {@code n} bytes at {@code position}, or null if the file ends before them. */
    private byte[] bytes(long position, int n) throws IOException {
        if (position + n > size) {
            return null;
        }
        if (position < chunkStart || position + n > chunkStart + chunk.length) {
            load(position, (int) Math.min(Math.max(CHUNK, n), size - position));
        }
        byte[] out = new byte[n];
        System.arraycopy(chunk, (int) (position - chunkStart), out, 0, n);
        return out;
    }

    private void load(long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            int n = file.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("file shrank while being read: expected " + size + " bytes");
            }
        }
        chunk = buffer.array();
        chunkStart = position;
    }
}
