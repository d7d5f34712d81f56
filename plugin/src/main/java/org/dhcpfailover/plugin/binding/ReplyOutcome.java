package org.dhcpfailover.plugin.binding;

import java.util.List;
import java.util.Map;
import org.dhcpfailover.plugin.wire.StatusCode;

/**
 * What a received BNDREPLY changed (RFC 8156 §7.7, digest §8.6).
 *
 * @param updated  the bindings the reply acknowledged, as they are now
 * @param rejected the leases the partner rejected, with its code; they stay marked and the
 *                 periodic scan sends them again
 */
public record ReplyOutcome(List<Binding> updated, Map<Lease, StatusCode> rejected) {
    public ReplyOutcome {
        updated = List.copyOf(updated);
        rejected = Map.copyOf(rejected);
    }
}
