package org.dhcpfailover.plugin.wire;

import java.util.Collection;

/**
 * Failover endpoint state carried in OPTION_F_SERVER_STATE (RFC 8156 §5.5.16; behaviour in
 * §8.3–§8.12). Value 0 is reserved. STARTUP is never announced as such: a server in STARTUP
 * sends its previously recorded state with the STARTUP server flag (§5.5.16 note 1, §8.3.1),
 * but the code is defined and kept here. Open enum.
 */
public final class ServerState extends OpenCode {
    private static final CodeTable<ServerState> TABLE =
            new CodeTable<>("server state", 0xFF, code -> new ServerState(code, null));

    public static final ServerState STARTUP = TABLE.register(new ServerState(1, "STARTUP"));
    public static final ServerState NORMAL = TABLE.register(new ServerState(2, "NORMAL"));
    public static final ServerState COMMUNICATIONS_INTERRUPTED =
            TABLE.register(new ServerState(3, "COMMUNICATIONS-INTERRUPTED"));
    public static final ServerState PARTNER_DOWN = TABLE.register(new ServerState(4, "PARTNER-DOWN"));
    public static final ServerState POTENTIAL_CONFLICT = TABLE.register(new ServerState(5, "POTENTIAL-CONFLICT"));
    public static final ServerState RECOVER = TABLE.register(new ServerState(6, "RECOVER"));
    public static final ServerState RECOVER_WAIT = TABLE.register(new ServerState(7, "RECOVER-WAIT"));
    public static final ServerState RECOVER_DONE = TABLE.register(new ServerState(8, "RECOVER-DONE"));
    public static final ServerState RESOLUTION_INTERRUPTED =
            TABLE.register(new ServerState(9, "RESOLUTION-INTERRUPTED"));
    public static final ServerState CONFLICT_DONE = TABLE.register(new ServerState(10, "CONFLICT-DONE"));

    private ServerState(int code, String name) {
        super(code, name);
    }

    /** The state for an 8-bit value; unknown values give an unknown (but usable) value. */
    public static ServerState valueOf(int code) {
        return TABLE.valueOf(code);
    }

    /** The known states, by code. */
    public static Collection<ServerState> knownValues() {
        return TABLE.values();
    }
}
