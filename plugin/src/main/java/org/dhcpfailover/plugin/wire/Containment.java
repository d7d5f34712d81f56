package org.dhcpfailover.plugin.wire;

import java.util.List;
import java.util.Set;

/**
 * Where each known option may appear (RFC 8156 §5.3, §7.4, §7.6; digest §3.3). Unknown option
 * codes are allowed everywhere and kept (RFC 7031 R10). The decoder refuses a known option in
 * a place not listed here, and {@link FailoverMessage} refuses to be built with one, so every
 * message value encodes to bytes the decoder accepts.
 *
 * <p>Top-level options per message type:
 * <ul>
 * <li>CONNECT: 127, 122, 128, 121, 115, 130 (§5.3.8, §6.1.1);</li>
 * <li>CONNECTREPLY: the same plus 13 for a reject (§5.3.9, §6.1.2);</li>
 * <li>STATE: 132, 131, 133, 125 (§5.3.11, §6.3);</li>
 * <li>DISCONNECT: 13 (§5.3.10);</li>
 * <li>BNDUPD, BNDREPLY: 45, 26 (stand-alone delegable prefix), 13 (whole-message status;
 *     §7.4, §7.6);</li>
 * <li>REPLY (RFC 7653 §9.1): 13;</li>
 * <li>STARTTLS, POOLREQ, POOLRESP, UPDREQ, UPDREQALL, UPDDONE, CONTACT: none;</li>
 * <li>a message type this implementation does not know: any option, with the nesting rules
 *     below, so that a later message type round-trips.</li>
 * </ul>
 * Nested:
 * <ul>
 * <li>in CLIENT_DATA (45): 1, 100, 68, 129, 47, 13, 3, 4, 25, and 116 (digest A14: accepted at
 *     this level too);</li>
 * <li>in IA_NA / IA_TA: 5, 13; in IA_PD: 26, 13 (a STATUS_CODE at IA level, digest A23);</li>
 * <li>in an IAADDR or IAPREFIX inside an IA: 114, 133, 134, 46, 123, 126, 120, 39, 13, 124,
 *     116 (§7.4, §7.6; 116 per digest A14);</li>
 * <li>in a stand-alone top-level IAPREFIX: 68, 100, 114, 133, 134, 123, 120, 13, 124 (§7.4);</li>
 * <li>in F_DNS_REMOVAL_INFO (116): 117, 118, 119 (§5.5.3).</li>
 * </ul>
 * Whether required options are present is not a decoding matter: see {@link RequiredOptions}.
 */
public final class Containment {
    private Containment() {
    }

    /** A place where options appear, with the known codes allowed there. */
    enum Scope {
        CONNECT(codes(127, 122, 128, 121, 115, 130)),
        CONNECTREPLY(codes(127, 122, 128, 121, 115, 130, 13)),
        STATE(codes(132, 131, 133, 125)),
        STATUS_ONLY(codes(13)),
        BINDING(codes(45, 26, 13)),
        NO_OPTIONS(Set.of()),
        UNKNOWN_MESSAGE(null),
        CLIENT_DATA(codes(1, 100, 68, 129, 47, 13, 3, 4, 25, 116)),
        IA_ADDRESSES(codes(5, 13)),
        IA_PREFIXES(codes(26, 13)),
        LEASE(codes(114, 133, 134, 46, 123, 126, 120, 39, 13, 124, 116)),
        STANDALONE_PREFIX(codes(68, 100, 114, 133, 134, 123, 120, 13, 124)),
        DNS_REMOVAL_INFO(codes(117, 118, 119));

        private final Set<OptionCode> allowed;

        Scope(Set<OptionCode> allowed) {
            this.allowed = allowed;
        }

        boolean allows(OptionCode code) {
            return !code.isKnown() || allowed == null || allowed.contains(code);
        }

        /** The scope of the options encapsulated in an option with {@code code} found here. */
        Scope inner(OptionCode code) {
            switch (code.code()) {
                case 45: return CLIENT_DATA;
                case 3: case 4: return IA_ADDRESSES;
                case 25: return IA_PREFIXES;
                case 5: return LEASE;
                case 26: return this == IA_PREFIXES ? LEASE : STANDALONE_PREFIX;
                case 116: return DNS_REMOVAL_INFO;
                default: return NO_OPTIONS;
            }
        }

        private static Set<OptionCode> codes(int... codes) {
            return java.util.Arrays.stream(codes).mapToObj(OptionCode::valueOf)
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }
    }

    /** The scope of a message's top-level options. */
    static Scope topLevel(MessageType type) {
        if (!type.isKnown()) {
            return Scope.UNKNOWN_MESSAGE;
        }
        switch (type.code()) {
            case 31: return Scope.CONNECT;
            case 32: return Scope.CONNECTREPLY;
            case 34: return Scope.STATE;
            case 33: case 7: return Scope.STATUS_ONLY;
            case 24: case 25: return Scope.BINDING;
            default: return Scope.NO_OPTIONS;
        }
    }

    /** Whether a known option with {@code code} may appear at the top level of {@code type}. */
    public static boolean allowedAtTopLevel(MessageType type, OptionCode code) {
        return topLevel(type).allows(code);
    }

    /** Throws {@link IllegalArgumentException} when an option of the tree is misplaced. */
    static void check(MessageType type, List<DhcpOption> options) {
        check(topLevel(type), options, type.name());
    }

    private static void check(Scope scope, List<DhcpOption> options, String path) {
        for (DhcpOption option : options) {
            if (!scope.allows(option.code())) {
                throw new IllegalArgumentException(option.code().name() + " is not allowed in " + path
                        + " (RFC 8156 §7.4, digest §3.3)");
            }
            if (option instanceof OptionContainer) {
                check(scope.inner(option.code()), ((OptionContainer) option).options(),
                        path + "/" + option.code().name());
            }
        }
    }
}
