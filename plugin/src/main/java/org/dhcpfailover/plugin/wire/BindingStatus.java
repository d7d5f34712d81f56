package org.dhcpfailover.plugin.wire;

import java.util.Collection;

/**
 * Lease state carried in OPTION_F_BINDING_STATUS (RFC 8156 §5.5.1; meaning in §7.2).
 * Value 0 is reserved and never sent; it decodes as an unknown value so that a peer's bytes
 * round-trip, and the state machine decides what to do with it. Open enum.
 */
public final class BindingStatus extends OpenCode {
    private static final CodeTable<BindingStatus> TABLE =
            new CodeTable<>("binding-status", 0xFF, code -> new BindingStatus(code, null));

    public static final BindingStatus ACTIVE = TABLE.register(new BindingStatus(1, "ACTIVE"));
    public static final BindingStatus EXPIRED = TABLE.register(new BindingStatus(2, "EXPIRED"));
    public static final BindingStatus RELEASED = TABLE.register(new BindingStatus(3, "RELEASED"));
    public static final BindingStatus PENDING_FREE = TABLE.register(new BindingStatus(4, "PENDING-FREE"));
    public static final BindingStatus FREE = TABLE.register(new BindingStatus(5, "FREE"));
    public static final BindingStatus FREE_BACKUP = TABLE.register(new BindingStatus(6, "FREE-BACKUP"));
    public static final BindingStatus ABANDONED = TABLE.register(new BindingStatus(7, "ABANDONED"));
    public static final BindingStatus RESET = TABLE.register(new BindingStatus(8, "RESET"));

    private BindingStatus(int code, String name) {
        super(code, name);
    }

    /** The status for an 8-bit value; unknown values give an unknown (but usable) value. */
    public static BindingStatus valueOf(int code) {
        return TABLE.valueOf(code);
    }

    /** The known values, by code. */
    public static Collection<BindingStatus> knownValues() {
        return TABLE.values();
    }
}
