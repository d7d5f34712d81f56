package org.dhcpfailover.plugin.bindingdb;

import java.io.IOException;

/**
 * The binding database can no longer promise durability: a write or fsync failed (or it was
 * closed), so its in-memory view may hold bindings that are not on disk. The caller must stop
 * answering clients and the partner (RFC 8156 §8.4: nothing may be acknowledged that is not in
 * stable storage) until the database is reopened, which reloads exactly what the disk holds.
 */
public final class BindingDatabaseFailedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public BindingDatabaseFailedException(IOException cause) {
        super("the binding database failed and must be reopened: " + cause.getMessage(), cause);
    }

    @Override
    public synchronized IOException getCause() {
        return (IOException) super.getCause();
    }
}
