package org.dhcpfailover.plugin.wire;

import java.util.Collection;

/**
 * DHCPv6 option code (IANA "Option Codes" registry; RFC 8156 §5.2 says failover messages use
 * it). The named constants are the options RFC 8156 defines (§5.5, §11) and the ones it reuses
 * from RFC 3315, RFC 3633, RFC 4704, RFC 5007, RFC 6607 and RFC 7653. Open enum: any other code
 * is kept, and its option travels as an {@link UnknownOption} (RFC 7031 R10).
 */
public final class OptionCode extends OpenCode {
    private static final CodeTable<OptionCode> TABLE =
            new CodeTable<>("option code", 0xFFFF, code -> new OptionCode(code, null));

    /** RFC 3315 §22.2. */
    public static final OptionCode CLIENTID = TABLE.register(new OptionCode(1, "OPTION_CLIENTID"));
    /** RFC 3315 §22.4. */
    public static final OptionCode IA_NA = TABLE.register(new OptionCode(3, "OPTION_IA_NA"));
    /** RFC 3315 §22.5. */
    public static final OptionCode IA_TA = TABLE.register(new OptionCode(4, "OPTION_IA_TA"));
    /** RFC 3315 §22.6. */
    public static final OptionCode IAADDR = TABLE.register(new OptionCode(5, "OPTION_IAADDR"));
    /** RFC 3315 §22.13. */
    public static final OptionCode STATUS_CODE = TABLE.register(new OptionCode(13, "OPTION_STATUS_CODE"));
    /** RFC 3633 §9. */
    public static final OptionCode IA_PD = TABLE.register(new OptionCode(25, "OPTION_IA_PD"));
    /** RFC 3633 §10. */
    public static final OptionCode IAPREFIX = TABLE.register(new OptionCode(26, "OPTION_IAPREFIX"));
    /** RFC 4704 §4. */
    public static final OptionCode CLIENT_FQDN = TABLE.register(new OptionCode(39, "OPTION_CLIENT_FQDN"));
    /** RFC 5007 §4.1.2.2. */
    public static final OptionCode CLIENT_DATA = TABLE.register(new OptionCode(45, "OPTION_CLIENT_DATA"));
    /** RFC 5007 §4.1.2.3. */
    public static final OptionCode CLT_TIME = TABLE.register(new OptionCode(46, "OPTION_CLT_TIME"));
    /** RFC 5007 §4.1.2.4. */
    public static final OptionCode LQ_RELAY_DATA = TABLE.register(new OptionCode(47, "OPTION_LQ_RELAY_DATA"));
    /** RFC 6607 §3.4. */
    public static final OptionCode VSS = TABLE.register(new OptionCode(68, "OPTION_VSS"));
    /** RFC 7653 §6.3.1. */
    public static final OptionCode LQ_BASE_TIME = TABLE.register(new OptionCode(100, "OPTION_LQ_BASE_TIME"));
    /** RFC 8156 §5.5.1. */
    public static final OptionCode F_BINDING_STATUS = TABLE.register(new OptionCode(114, "OPTION_F_BINDING_STATUS"));
    /** RFC 8156 §5.5.2. */
    public static final OptionCode F_CONNECT_FLAGS = TABLE.register(new OptionCode(115, "OPTION_F_CONNECT_FLAGS"));
    /** RFC 8156 §5.5.3. */
    public static final OptionCode F_DNS_REMOVAL_INFO = TABLE.register(new OptionCode(116, "OPTION_F_DNS_REMOVAL_INFO"));
    /** RFC 8156 §5.5.3.1. */
    public static final OptionCode F_DNS_HOST_NAME = TABLE.register(new OptionCode(117, "OPTION_F_DNS_HOST_NAME"));
    /** RFC 8156 §5.5.3.2. */
    public static final OptionCode F_DNS_ZONE_NAME = TABLE.register(new OptionCode(118, "OPTION_F_DNS_ZONE_NAME"));
    /** RFC 8156 §5.5.3.3. */
    public static final OptionCode F_DNS_FLAGS = TABLE.register(new OptionCode(119, "OPTION_F_DNS_FLAGS"));
    /** RFC 8156 §5.5.4. */
    public static final OptionCode F_EXPIRATION_TIME = TABLE.register(new OptionCode(120, "OPTION_F_EXPIRATION_TIME"));
    /** RFC 8156 §5.5.5. */
    public static final OptionCode F_MAX_UNACKED_BNDUPD = TABLE.register(new OptionCode(121, "OPTION_F_MAX_UNACKED_BNDUPD"));
    /** RFC 8156 §5.5.6. */
    public static final OptionCode F_MCLT = TABLE.register(new OptionCode(122, "OPTION_F_MCLT"));
    /** RFC 8156 §5.5.7. */
    public static final OptionCode F_PARTNER_LIFETIME = TABLE.register(new OptionCode(123, "OPTION_F_PARTNER_LIFETIME"));
    /** RFC 8156 §5.5.8. */
    public static final OptionCode F_PARTNER_LIFETIME_SENT = TABLE.register(new OptionCode(124, "OPTION_F_PARTNER_LIFETIME_SENT"));
    /** RFC 8156 §5.5.9. */
    public static final OptionCode F_PARTNER_DOWN_TIME = TABLE.register(new OptionCode(125, "OPTION_F_PARTNER_DOWN_TIME"));
    /** RFC 8156 §5.5.10. */
    public static final OptionCode F_PARTNER_RAW_CLT_TIME = TABLE.register(new OptionCode(126, "OPTION_F_PARTNER_RAW_CLT_TIME"));
    /** RFC 8156 §5.5.11. */
    public static final OptionCode F_PROTOCOL_VERSION = TABLE.register(new OptionCode(127, "OPTION_F_PROTOCOL_VERSION"));
    /** RFC 8156 §5.5.12. */
    public static final OptionCode F_KEEPALIVE_TIME = TABLE.register(new OptionCode(128, "OPTION_F_KEEPALIVE_TIME"));
    /** RFC 8156 §5.5.13. */
    public static final OptionCode F_RECONFIGURE_DATA = TABLE.register(new OptionCode(129, "OPTION_F_RECONFIGURE_DATA"));
    /** RFC 8156 §5.5.14. */
    public static final OptionCode F_RELATIONSHIP_NAME = TABLE.register(new OptionCode(130, "OPTION_F_RELATIONSHIP_NAME"));
    /** RFC 8156 §5.5.15. */
    public static final OptionCode F_SERVER_FLAGS = TABLE.register(new OptionCode(131, "OPTION_F_SERVER_FLAGS"));
    /** RFC 8156 §5.5.16. */
    public static final OptionCode F_SERVER_STATE = TABLE.register(new OptionCode(132, "OPTION_F_SERVER_STATE"));
    /** RFC 8156 §5.5.17. */
    public static final OptionCode F_START_TIME_OF_STATE = TABLE.register(new OptionCode(133, "OPTION_F_START_TIME_OF_STATE"));
    /** RFC 8156 §5.5.18. */
    public static final OptionCode F_STATE_EXPIRATION_TIME = TABLE.register(new OptionCode(134, "OPTION_F_STATE_EXPIRATION_TIME"));

    private OptionCode(int code, String name) {
        super(code, name);
    }

    /** The option code for a 16-bit value; unknown codes give an unknown (but usable) value. */
    public static OptionCode valueOf(int code) {
        return TABLE.valueOf(code);
    }

    /** The known option codes, by code. */
    public static Collection<OptionCode> knownValues() {
        return TABLE.values();
    }
}
