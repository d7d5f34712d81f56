package org.dhcpfailover.plugin.bindingdb;

/**
 * Unsigned LEB128 lengths for {@link BindingCodec}: one octet for the usual DUID and option
 * lengths (under 128), never more than five for an {@code int}.
 */
final class Varint {
    /** Octets an int can take. */
    static final int MAX_OCTETS = 5;

    private Varint() {
    }

    /** Octets {@code value} (not negative) takes. */
    static int length(int value) {
        int octets = 1;
        for (int rest = value >>> 7; rest != 0; rest >>>= 7) {
            octets++;
        }
        return octets;
    }
}
