package org.dhcpfailover.plugin.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One open file of the store, reduced to the operations the store needs. Writes are positional
 * because the store only ever appends at a position it tracks itself; nothing written is
 * promised to survive a power loss until {@link #force()} returns.
 */
public interface StoreFile extends Closeable {

    /** The current length in bytes, including writes not yet forced. */
    long size() throws IOException;

    /** Reads up to {@code dst.remaining()} bytes at {@code position}; returns -1 at end of file. */
    int read(ByteBuffer dst, long position) throws IOException;

    /** Writes all of {@code src} at {@code position}, extending the file if needed. */
    void write(ByteBuffer src, long position) throws IOException;

    /** Makes every write and truncation made so far durable (fsync of data and length). */
    void force() throws IOException;

    /** Cuts the file to {@code size} bytes; durable only after the next {@link #force()}. */
    void truncate(long size) throws IOException;
}
