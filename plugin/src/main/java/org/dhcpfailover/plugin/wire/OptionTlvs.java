package org.dhcpfailover.plugin.wire;

import java.util.List;

/**
 * A bare sequence of option TLVs (RFC 3315 §22.1: code, option-len, data) outside any message,
 * for the binding database, which stores the options it must echo to the partner (RFC 8156
 * §7.4 end, §9) byte for byte in the same encoding the partner sent them in.
 *
 * <p>Decoding checks each option exactly as the message decoder does (lengths, nesting,
 * {@link Containment} inside encapsulating options), except that the sequence itself may hold
 * any option: the stored lists come from several places in a BNDUPD (CLIENT_DATA, an
 * IAADDR's or IAPREFIX's options) and were already checked there when they were received.
 */
public final class OptionTlvs {
    private OptionTlvs() {
    }

    /** Octets {@link #encode} produces for {@code options}. */
    public static int encodedLength(List<DhcpOption> options) {
        return WireWriter.encodedLength(options);
    }

    /** The options as consecutive TLVs. */
    public static byte[] encode(List<DhcpOption> options) {
        WireWriter out = new WireWriter(WireWriter.encodedLength(options));
        out.options(options);
        return out.finish();
    }

    /**
     * Decodes the {@code length} octets of {@code buffer} from {@code offset} as consecutive
     * TLVs; offsets in a {@link DecodeException} are relative to {@code offset}.
     */
    public static List<DhcpOption> decode(byte[] buffer, int offset, int length) throws DecodeException {
        if (offset < 0 || length < 0 || length > buffer.length - offset) {
            throw new IndexOutOfBoundsException("window " + offset + "+" + length + " outside " + buffer.length);
        }
        WireReader in = new WireReader(buffer, offset, offset, offset + length);
        return List.copyOf(OptionDecoder.options(in, Containment.Scope.UNKNOWN_MESSAGE));
    }
}
