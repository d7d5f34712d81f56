package org.dhcpfailover.plugin.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** A {@link StoreFile} over a real {@link FileChannel}. */
final class ChannelStoreFile implements StoreFile {

    private final FileChannel channel;

    ChannelStoreFile(FileChannel channel) {
        this.channel = channel;
    }

    @Override
    public long size() throws IOException {
        return channel.size();
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return channel.read(dst, position);
    }

    @Override
    public void write(ByteBuffer src, long position) throws IOException {
        long at = position;
        while (src.hasRemaining()) {
            at += channel.write(src, at);
        }
    }

    /**
     * {@code force(true)}: the length is metadata, and an appended record whose new length is
     * not on disk would be lost as surely as its bytes.
     */
    @Override
    public void force() throws IOException {
        channel.force(true);
    }

    @Override
    public void truncate(long size) throws IOException {
        channel.truncate(size);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
