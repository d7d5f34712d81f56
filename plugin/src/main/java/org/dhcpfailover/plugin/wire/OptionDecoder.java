package org.dhcpfailover.plugin.wire;

import java.util.ArrayList;
import java.util.List;
import org.dhcpfailover.plugin.wire.DecodeException.Kind;

/**
 * Decodes a sequence of option TLVs (RFC 3315 §22.1) in a given {@link Containment.Scope},
 * checking each known option's length against its layout (RFC 8156 §5.5 and the RFCs cited
 * by {@link OptionCode}) and its place against {@link Containment}. Recursion follows the
 * scopes, whose nesting is at most four options deep, so hostile input cannot exhaust the
 * stack; every allocation is bounded by the octets read.
 */
final class OptionDecoder {
    private OptionDecoder() {
    }

    static List<DhcpOption> options(WireReader in, Containment.Scope scope) throws DecodeException {
        List<DhcpOption> options = new ArrayList<>();
        while (in.remaining() > 0) {
            int start = in.offset();
            if (in.remaining() < 4) {
                throw new DecodeException(Kind.TRUNCATED, start, "option-header",
                        "option header needs 4 octets, " + in.remaining() + " left");
            }
            OptionCode code = OptionCode.valueOf(in.u16("option-code"));
            int length = in.u16(code.name() + ".option-len");
            if (length > in.remaining()) {
                throw new DecodeException(Kind.LENGTH_OVERRUN, start + 2, code.name() + ".option-len",
                        "option-len " + length + " overruns its container, " + in.remaining() + " octets left");
            }
            if (!scope.allows(code)) {
                throw new DecodeException(Kind.NOT_ALLOWED_HERE, start, code.name(),
                        code.name() + " is not allowed here (RFC 8156 §7.4, digest §3.3)");
            }
            options.add(option(code, in.slice(length, code.name()), scope, start + 2));
        }
        return options;
    }

    private static DhcpOption option(OptionCode code, WireReader data, Containment.Scope scope, int lengthOffset)
            throws DecodeException {
        String n = code.name();
        if (!code.isKnown()) {
            return new UnknownOption(code, data.rest());
        }
        switch (code.code()) {
            case 1:
                atLeast(data, ClientIdOption.MIN_LENGTH, code, lengthOffset);
                atMost(data, ClientIdOption.MAX_LENGTH, code, lengthOffset);
                return new ClientIdOption(data.rest());
            case 3: case 25:
                atLeast(data, 12, code, lengthOffset);
                return new IaOption(code, data.u32(n + ".IAID"), data.u32(n + ".T1"), data.u32(n + ".T2"),
                        options(data, scope.inner(code)));
            case 4:
                atLeast(data, 4, code, lengthOffset);
                return new IaTaOption(data.u32(n + ".IAID"), options(data, scope.inner(code)));
            case 5:
                atLeast(data, 24, code, lengthOffset);
                return new IaAddressOption(data.address(n + ".address"), data.u32(n + ".preferred-lifetime"),
                        data.u32(n + ".valid-lifetime"), options(data, scope.inner(code)));
            case 13:
                atLeast(data, 2, code, lengthOffset);
                return new StatusCodeOption(StatusCode.valueOf(data.u16(n + ".status-code")),
                        data.restAsUtf8(n + ".status-message"));
            case 26:
                return prefix(data, scope, lengthOffset);
            case 39:
                atLeast(data, 1, code, lengthOffset);
                return new ClientFqdnOption(data.u8(n + ".flags"), data.rest());
            case 45:
                return new ClientDataOption(options(data, scope.inner(code)));
            case 47:
                atLeast(data, 16, code, lengthOffset);
                return new LqRelayDataOption(data.address(n + ".peer-address"), data.rest());
            case 68:
                atLeast(data, 1, code, lengthOffset);
                return new VssOption(data.u8(n + ".type"), data.rest());
            case 114:
                exactly(data, 1, code, lengthOffset);
                return new BindingStatusOption(BindingStatus.valueOf(data.u8(n + ".binding-status")));
            case 115: case 119:
                exactly(data, 2, code, lengthOffset);
                return new FlagsOption(code, data.u16(n + ".flags"));
            case 131:
                exactly(data, 1, code, lengthOffset);
                return new FlagsOption(code, data.u8(n + ".flags"));
            case 116:
                return new DnsRemovalInfoOption(options(data, scope.inner(code)));
            case 117: case 118:
                atLeast(data, 1, code, lengthOffset);
                return new DnsNameOption(code, data.rest());
            case 46: case 121: case 122: case 128:
                exactly(data, 4, code, lengthOffset);
                return new Uint32Option(code, data.u32(n + ".value"));
            case 127:
                exactly(data, 4, code, lengthOffset);
                return new ProtocolVersionOption(data.u16(n + ".major"), data.u16(n + ".minor"));
            case 129:
                atLeast(data, 4, code, lengthOffset);
                return new ReconfigureDataOption(data.u32(n + ".reconfigure-time"), data.rest());
            case 130:
                return new RelationshipNameOption(data.restAsUtf8(n + ".relationship-name"));
            case 132:
                exactly(data, 1, code, lengthOffset);
                return new ServerStateOption(ServerState.valueOf(data.u8(n + ".server-state")));
            default:
                // The remaining known codes are the absolute-time options.
                exactly(data, 4, code, lengthOffset);
                return new AbsoluteTimeOption(code, data.u32(n + ".time"));
        }
    }

    private static IaPrefixOption prefix(WireReader data, Containment.Scope scope, int lengthOffset)
            throws DecodeException {
        OptionCode code = OptionCode.IAPREFIX;
        atLeast(data, 25, code, lengthOffset);
        long preferred = data.u32("OPTION_IAPREFIX.preferred-lifetime");
        long valid = data.u32("OPTION_IAPREFIX.valid-lifetime");
        int lengthAt = data.offset();
        int prefixLength = data.u8("OPTION_IAPREFIX.prefix-length");
        if (prefixLength > IaPrefixOption.MAX_PREFIX_LENGTH) {
            throw new DecodeException(Kind.BAD_VALUE, lengthAt, "OPTION_IAPREFIX.prefix-length",
                    "prefix-length " + prefixLength + " exceeds 128 (RFC 3633 §10)");
        }
        Ipv6Address prefix = data.address("OPTION_IAPREFIX.prefix");
        return new IaPrefixOption(preferred, valid, prefixLength, prefix, options(data, scope.inner(code)));
    }

    private static void exactly(WireReader data, int length, OptionCode code, int lengthOffset)
            throws DecodeException {
        if (data.remaining() != length) {
            throw badLength(code, lengthOffset, data.remaining(), "must be " + length);
        }
    }

    private static void atLeast(WireReader data, int length, OptionCode code, int lengthOffset)
            throws DecodeException {
        if (data.remaining() < length) {
            throw badLength(code, lengthOffset, data.remaining(), "must be at least " + length);
        }
    }

    private static void atMost(WireReader data, int length, OptionCode code, int lengthOffset)
            throws DecodeException {
        if (data.remaining() > length) {
            throw badLength(code, lengthOffset, data.remaining(), "must be at most " + length);
        }
    }

    private static DecodeException badLength(OptionCode code, int lengthOffset, int actual, String rule) {
        return new DecodeException(Kind.BAD_LENGTH, lengthOffset, code.name() + ".option-len",
                "option-len " + actual + " " + rule);
    }
}
