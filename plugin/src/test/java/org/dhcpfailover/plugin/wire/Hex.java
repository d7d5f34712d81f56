package org.dhcpfailover.plugin.wire;

import com.google.common.io.BaseEncoding;
import java.util.Arrays;

/** Test helper: hex dumps as written in the digest, with spaces and line breaks. */
public final class Hex {
    private Hex() {
    }

    public static byte[] bytes(String dump) {
        return BaseEncoding.base16().decode(dump.replaceAll("\\s+", "").toUpperCase(java.util.Locale.ROOT));
    }

    /** The message of a frame written in hex, i.e. without the 2-octet size prefix. */
    public static byte[] message(String frameDump) {
        byte[] frame = bytes(frameDump);
        return Arrays.copyOfRange(frame, 2, frame.length);
    }
}
