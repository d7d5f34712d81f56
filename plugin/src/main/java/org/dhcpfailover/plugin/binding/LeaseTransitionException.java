package org.dhcpfailover.plugin.binding;

import org.dhcpfailover.plugin.wire.BindingStatus;

/**
 * A lease state change that RFC 8156 §7.2 (Figure 2) or the reuse rules of §4.2.2.1 and §8.8.1
 * do not allow. The binding is left as it was.
 */
public final class LeaseTransitionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final transient BindingStatus from;
    private final transient BindingStatus to;

    LeaseTransitionException(Lease lease, BindingStatus from, BindingStatus to, String why) {
        super(lease + ": " + from + " -> " + to + " refused: " + why);
        this.from = from;
        this.to = to;
    }

    /** The lease's status. */
    public BindingStatus from() {
        return from;
    }

    /** The status that was asked for. */
    public BindingStatus to() {
        return to;
    }
}
