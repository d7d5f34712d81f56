package org.dhcpfailover.plugin.sync;

import java.util.Optional;
import org.dhcpfailover.plugin.binding.Binding;

/**
 * Told of every binding the ledger commits, under the ledger's lock, in commit order — how the
 * pools keep their free resources current without scanning (RFC 8156 §4.2).
 */
@FunctionalInterface
public interface BindingObserver {
    /** {@code after} replaced {@code before} (empty: the lease had no binding). */
    void changed(Optional<Binding> before, Binding after);
}
