package org.dhcpfailover.plugin.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;

/**
 * Coverage-guided fuzzing of framing and decoding (Jazzer fuzzes one {@code @FuzzTest} per JVM;
 * surefire forks one JVM per test class, so each fuzz test has a class of its own; the whole
 * receive path is fuzzed by {@code endpoint.ReceivePathFuzzTest}). The input is fed through
 * {@link FrameDecoder} in chunks, and also decoded directly as one message. The only acceptable failure is {@link DecodeException};
 * every decoded message must re-encode to the same bytes and decode to an equal value.
 * Seeds: the digest §13 frames and a few malformed ones, in
 * {@code FailoverDecoderFuzzTestInputs/decode/}.
 */
class FailoverDecoderFuzzTest {
    private static final AtomicLong EXECUTIONS = new AtomicLong();

    @FuzzTest(maxDuration = "10m")
    void decode(byte[] input) {
        EXECUTIONS.incrementAndGet();
        FrameDecoder frames = new FrameDecoder();
        int chunk = 1 + input.length % 13;
        try {
            for (int at = 0; at < input.length; at += chunk) {
                for (byte[] message : frames.feed(input, at, Math.min(chunk, input.length - at))) {
                    decodeAndCheck(message);
                }
            }
        } catch (DecodeException expected) {
            // A framing error: the connection would be closed with DISCONNECT.
        }
        decodeAndCheck(input);
    }

    private static void decodeAndCheck(byte[] message) {
        FailoverMessage decoded;
        try {
            decoded = FailoverMessageDecoder.decode(message);
        } catch (DecodeException expected) {
            return;
        }
        byte[] encoded = FailoverMessageEncoder.encode(decoded);
        assertArrayEquals(message, encoded);
        try {
            assertEquals(decoded, FailoverMessageDecoder.decode(encoded));
        } catch (DecodeException e) {
            throw new AssertionError("re-encoded message does not decode", e);
        }
        List<byte[]> reframed;
        try {
            reframed = new FrameDecoder().feed(Frames.frame(encoded), 0, encoded.length + 2);
        } catch (DecodeException e) {
            throw new AssertionError("framed message does not deframe", e);
        }
        assertEquals(1, reframed.size());
    }

    @AfterAll
    static void reportExecutions() {
        System.out.println("fuzz executions: " + EXECUTIONS.get());
    }
}
