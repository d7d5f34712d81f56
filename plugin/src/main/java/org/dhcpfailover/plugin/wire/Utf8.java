package org.dhcpfailover.plugin.wire;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8 for the text fields (status-message, RFC 3315 §22.13; relationship-name, RFC
 * 8156 §5.5.14). Strict both ways, so that valid text round-trips byte for byte and malformed
 * bytes are refused rather than silently replaced.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Encodes {@code text}; a string with unpaired surrogates has no UTF-8 form and is refused. */
    static byte[] encode(String field, String text) {
        try {
            ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(text));
            byte[] out = new byte[encoded.remaining()];
            encoded.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + " is not encodable as UTF-8", e);
        }
    }

    /** Decodes, or returns {@code null} when the octets are not well-formed UTF-8. */
    static String decodeOrNull(byte[] bytes, int offset, int length) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
