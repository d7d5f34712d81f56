package org.dhcpfailover.plugin.transport;

import java.io.Closeable;
import java.io.IOException;

/** Releasing the transport's sockets and selector, where a failure to close leaves nothing to do. */
final class Sockets {

    private Sockets() {
    }

    /** Closes {@code closeable} if there is one; an {@link IOException} is dropped. */
    static void close(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException e) {
            // Releasing; nothing else to do.
        }
    }
}
