package org.dhcpfailover.plugin.store;

import java.io.IOException;

/**
 * The store's files are damaged in a way a power loss cannot explain (a bad record with valid
 * ones after it, a damaged snapshot, a missing file), so the store refuses to load.
 *
 * <p>Why refuse rather than skip: a skipped record may be a lease a client holds. Serving its
 * address to another client would bind one address to two clients, which is worse than not
 * starting. The operator can move the store aside and let the server recover every binding
 * from its partner (RFC 8156 UPDREQALL), or restore a backup.
 */
public final class StoreCorruptedException extends IOException {

    private final String file;
    private final long offset;

    public StoreCorruptedException(String file, long offset, String problem) {
        super("binding store file " + file + " is corrupted at offset " + offset + ": " + problem
                + "; refusing to start rather than lose or misread bindings. Move the store directory "
                + "aside to recover all bindings from the partner, or restore a backup.");
        this.file = file;
        this.offset = offset;
    }

    public String file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
