package org.dhcpfailover.plugin.wire;

import java.util.Collection;

/**
 * DHCPv6 status code carried in OPTION_STATUS_CODE (RFC 3315 §22.13, §24.4; RFC 3633 §16;
 * RFC 5007 §4.1.3; RFC 5460 §5.5; RFC 7653 §11; RFC 8156 §5.6). Open enum: unknown codes are
 * kept. Absence of the option means {@link #SUCCESS}.
 */
public final class StatusCode extends OpenCode {
    private static final CodeTable<StatusCode> TABLE =
            new CodeTable<>("status code", 0xFFFF, code -> new StatusCode(code, null));

    public static final StatusCode SUCCESS = TABLE.register(new StatusCode(0, "Success"));
    public static final StatusCode UNSPEC_FAIL = TABLE.register(new StatusCode(1, "UnspecFail"));
    public static final StatusCode NO_ADDRS_AVAIL = TABLE.register(new StatusCode(2, "NoAddrsAvail"));
    public static final StatusCode NO_BINDING = TABLE.register(new StatusCode(3, "NoBinding"));
    public static final StatusCode NOT_ON_LINK = TABLE.register(new StatusCode(4, "NotOnLink"));
    public static final StatusCode USE_MULTICAST = TABLE.register(new StatusCode(5, "UseMulticast"));
    public static final StatusCode NO_PREFIX_AVAIL = TABLE.register(new StatusCode(6, "NoPrefixAvail"));
    public static final StatusCode UNKNOWN_QUERY_TYPE = TABLE.register(new StatusCode(7, "UnknownQueryType"));
    public static final StatusCode MALFORMED_QUERY = TABLE.register(new StatusCode(8, "MalformedQuery"));
    public static final StatusCode NOT_CONFIGURED = TABLE.register(new StatusCode(9, "NotConfigured"));
    public static final StatusCode NOT_ALLOWED = TABLE.register(new StatusCode(10, "NotAllowed"));
    public static final StatusCode QUERY_TERMINATED = TABLE.register(new StatusCode(11, "QueryTerminated"));
    public static final StatusCode DATA_MISSING = TABLE.register(new StatusCode(12, "DataMissing"));
    public static final StatusCode CATCH_UP_COMPLETE = TABLE.register(new StatusCode(13, "CatchUpComplete"));
    /** RFC 7653 §11; CONNECTREPLY rejecting an unsupported protocol version (RFC 8156 §6.1.2). */
    public static final StatusCode NOT_SUPPORTED = TABLE.register(new StatusCode(14, "NotSupported"));
    /** RFC 7653 §11; REPLY to STARTTLS when the secondary refuses TLS. */
    public static final StatusCode TLS_CONNECTION_REFUSED =
            TABLE.register(new StatusCode(15, "TLSConnectionRefused"));
    /** RFC 8156 §5.6: the lease is bound to another client here. */
    public static final StatusCode ADDRESS_IN_USE = TABLE.register(new StatusCode(16, "AddressInUse"));
    /** RFC 8156 §5.6: unknown VPN, or lease not in this relationship's configuration. */
    public static final StatusCode CONFIGURATION_CONFLICT =
            TABLE.register(new StatusCode(17, "ConfigurationConflict"));
    /** RFC 8156 §5.6: a BNDUPD lacks what is needed to process it (§7.5.3). */
    public static final StatusCode MISSING_BINDING_INFORMATION =
            TABLE.register(new StatusCode(18, "MissingBindingInformation"));
    /** RFC 8156 §5.6: the receiver's data is newer (§7.5.4). */
    public static final StatusCode OUTDATED_BINDING_INFORMATION =
            TABLE.register(new StatusCode(19, "OutdatedBindingInformation"));
    /** RFC 8156 §5.6: DISCONNECT on planned shutdown (§5.3.10). */
    public static final StatusCode SERVER_SHUTTING_DOWN = TABLE.register(new StatusCode(20, "ServerShuttingDown"));
    /** RFC 8156 §5.6, §9. */
    public static final StatusCode DNS_UPDATE_NOT_SUPPORTED =
            TABLE.register(new StatusCode(21, "DNSUpdateNotSupported"));
    /** RFC 8156 §5.6: CONNECT sent-time more than 5 s off (§6.1.2). */
    public static final StatusCode EXCESSIVE_TIME_SKEW = TABLE.register(new StatusCode(22, "ExcessiveTimeSkew"));

    private StatusCode(int code, String name) {
        super(code, name);
    }

    /** The status for a 16-bit code; unknown codes give an unknown (but usable) value. */
    public static StatusCode valueOf(int code) {
        return TABLE.valueOf(code);
    }

    /** The known status codes, by code. */
    public static Collection<StatusCode> knownValues() {
        return TABLE.values();
    }
}
