package org.dhcpfailover.plugin.wire;

import java.util.List;

/** Range checks shared by the checked constructors of the option records. */
final class Checks {
    /** Largest option-len a 16-bit field can hold (RFC 3315 §22.1). */
    static final int MAX_OPTION_DATA = 0xFFFF;

    private Checks() {
    }

    static int uint8(String field, int value) {
        return inRange(field, value, 0xFF);
    }

    static int uint16(String field, int value) {
        return inRange(field, value, 0xFFFF);
    }

    static long uint32(String field, long value) {
        if (value < 0 || value > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException(field + " " + value + " is not a uint32");
        }
        return value;
    }

    // The field of an option named only on failure: these run for every option built, and
    // a name concatenated in advance was a string allocation per option of every BNDUPD.

    static int uint8(OptionCode code, String field, int value) {
        return value < 0 || value > 0xFF ? uint8(code.name() + "." + field, value) : value;
    }

    static int uint16(OptionCode code, String field, int value) {
        return value < 0 || value > 0xFFFF ? uint16(code.name() + "." + field, value) : value;
    }

    static long uint32(OptionCode code, String field, long value) {
        return value < 0 || value > 0xFFFF_FFFFL ? uint32(code.name() + "." + field, value) : value;
    }

    private static int inRange(String field, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(field + " " + value + " is outside 0.." + max);
        }
        return value;
    }

    /** Checks that {@code code} is one of the codes a shape-based option record serves. */
    static OptionCode codeIn(String record, OptionCode code, java.util.Set<OptionCode> allowed) {
        if (!allowed.contains(code)) {
            throw new IllegalArgumentException(record + " cannot carry " + code + "; allowed: " + allowed);
        }
        return code;
    }

    /** Checks that option data of {@code length} octets fits the 16-bit option-len. */
    static void optionData(OptionCode code, int length) {
        if (length > MAX_OPTION_DATA) {
            throw new IllegalArgumentException(code.name() + " data of " + length
                    + " octets does not fit the 16-bit option-len (RFC 3315 §22.1)");
        }
    }

    /**
     * Immutable copy of an option list, checked to fit, with {@code fixedLength} octets of fixed
     * fields before it, into the data of option {@code code}.
     */
    static List<DhcpOption> optionList(OptionCode code, int fixedLength, List<DhcpOption> options) {
        List<DhcpOption> copy = List.copyOf(options);
        optionData(code, fixedLength + WireWriter.encodedLength(copy));
        return copy;
    }
}
