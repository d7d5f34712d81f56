package org.dhcpfailover.plugin.wire;

import com.google.common.io.BaseEncoding;
import java.util.Arrays;

/**
 * Immutable sequence of octets: opaque option data such as a DUID (RFC 3315 §9, compared for
 * equality only), a reconfigure key or the data of an unknown option. Equality is by content;
 * {@link #toString()} is lower-case hex.
 */
public final class OctetString {
    private static final OctetString EMPTY = new OctetString(new byte[0]);

    private final byte[] bytes;
    private final int hash;

    private OctetString(byte[] bytes) {
        this.bytes = bytes;
        this.hash = hash(bytes);
    }

    /**
     * FNV-1a over the octets. Not {@link Arrays#hashCode(byte[])}: its factor 31 is smaller than
     * an octet's range, so strings that differ only in their last octets collide in droves
     * (200,000 DUID-LLs of one vendor's MAC range share about 10,000 values), and the hash
     * tables keyed by DUID (the binding index, the update queue) degrade into tree bins.
     */
    static int hash(byte[] bytes) {
        int h = 0x811C_9DC5;
        for (byte b : bytes) {
            h = (h ^ (b & 0xFF)) * 0x0100_0193;
        }
        return h;
    }

    /** A copy of {@code bytes}. */
    public static OctetString of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new OctetString(bytes.clone());
    }

    /** A copy of {@code length} octets of {@code bytes} from {@code offset}. */
    public static OctetString copyOf(byte[] bytes, int offset, int length) {
        return length == 0 ? EMPTY : new OctetString(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** Parses hex (upper or lower case, no separators). */
    public static OctetString fromHex(String hex) {
        return of(BaseEncoding.base16().decode(hex.toUpperCase(java.util.Locale.ROOT)));
    }

    /** The empty string of octets. */
    public static OctetString empty() {
        return EMPTY;
    }

    /** Number of octets. */
    public int length() {
        return bytes.length;
    }

    /** The octet at {@code index}, 0–255. */
    public int get(int index) {
        return bytes[index] & 0xFF;
    }

    /** A fresh copy of the octets. */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    void copyTo(byte[] target, int offset) {
        System.arraycopy(bytes, 0, target, offset, bytes.length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof OctetString o && hash == o.hash && Arrays.equals(bytes, o.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return BaseEncoding.base16().lowerCase().encode(bytes);
    }
}
