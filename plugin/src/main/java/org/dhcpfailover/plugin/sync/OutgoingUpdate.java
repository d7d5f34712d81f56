package org.dhcpfailover.plugin.sync;

import java.util.List;
import java.util.Objects;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.wire.FailoverMessage;

/**
 * A BNDUPD the update queue released for sending, with the bindings it describes.
 *
 * @param message  the BNDUPD
 * @param bindings the bindings as they are now: those that were marked are marked
 *                 {@link org.dhcpfailover.plugin.binding.PartnerSync#SENT}, which the caller
 *                 persists (an EXPIRED or RELEASED lease may go back to its client only while
 *                 nothing about it was sent, §4.2.2.1, §8.8.1)
 */
public record OutgoingUpdate(FailoverMessage message, List<Binding> bindings) {
    public OutgoingUpdate {
        Objects.requireNonNull(message, "message");
        bindings = List.copyOf(bindings);
    }
}
