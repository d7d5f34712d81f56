package org.dhcpfailover.plugin.store;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The on-disk form of a {@link LogRecord}, shared by log and snapshot files:
 *
 * <pre>
 *   int32  bodyLength            big-endian, 5 .. {@link #MAX_BODY}
 *   int32  crc32c                over the four length bytes and the body
 *   body:  int8   kind           1 PUT, 2 DELETE, 3 SNAPSHOT_END
 *          int32  keyLength
 *          bytes  key
 *          bytes  value          the rest of the body
 * </pre>
 *
 * The checksum covers the length so that a damaged length is caught too, and the length has a
 * ceiling so that garbage cannot make a reader allocate gigabytes.
 */
final class RecordCodec {

    static final int HEADER = 8;
    static final int MIN_BODY = 5;
    static final int MAX_BODY = 16 * 1024 * 1024;

    private RecordCodec() {
    }

    /** Bytes a record of these sizes takes on disk. */
    static int encodedSize(int keyLength, int valueLength) {
        return HEADER + MIN_BODY + keyLength + valueLength;
    }

    static int encodedSize(LogRecord record) {
        return encodedSize(record.key().length(), record.value().length);
    }

    /** Appends {@code record} to {@code out}, which must have room for it. */
    static void encode(LogRecord record, ByteBuffer out) {
        byte[] key = record.key().unsafeBytes();
        byte[] value = record.value();
        int bodyLength = MIN_BODY + key.length + value.length;
        if (bodyLength > MAX_BODY) {
            throw new IllegalArgumentException("record of " + bodyLength + " bytes exceeds the "
                    + MAX_BODY + "-byte limit");
        }
        int start = out.position();
        out.putInt(bodyLength).putInt(0).put((byte) record.kind().code).putInt(key.length).put(key).put(value);
        CRC32C crc = new CRC32C();
        ByteBuffer covered = out.duplicate().position(start).limit(start + HEADER + bodyLength);
        covered.limit(start + 4);
        crc.update(covered);
        covered.limit(start + HEADER + bodyLength).position(start + HEADER);
        crc.update(covered);
        out.putInt(start + 4, (int) crc.getValue());
    }

    static byte[] encode(LogRecord record) {
        ByteBuffer out = ByteBuffer.allocate(encodedSize(record));
        encode(record, out);
        return out.array();
    }

    /** Whether a length field read from disk can be a record's body length. */
    static boolean plausibleBodyLength(int bodyLength) {
        return bodyLength >= MIN_BODY && bodyLength <= MAX_BODY;
    }

    /**
     * Decodes a record whose header and body were read from disk, or returns null if the
     * checksum or the inner structure is wrong.
     */
    static LogRecord decode(byte[] header, byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 4);
        crc.update(body, 0, body.length);
        int stored = ByteBuffer.wrap(header).getInt(4);
        if ((int) crc.getValue() != stored) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        LogRecord.Kind kind = LogRecord.Kind.ofCode(in.get());
        int keyLength = in.getInt();
        if (kind == null || keyLength < 0 || keyLength > in.remaining()) {
            return null;
        }
        byte[] key = new byte[keyLength];
        in.get(key);
        byte[] value = new byte[in.remaining()];
        in.get(value);
        return new LogRecord(kind, RecordKey.wrap(key), value);
    }
}
