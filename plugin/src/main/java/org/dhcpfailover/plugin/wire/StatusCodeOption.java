package org.dhcpfailover.plugin.wire;

import java.util.Objects;

/**
 * OPTION_STATUS_CODE (13, RFC 3315 §22.13): uint16 status-code and a UTF-8 status-message
 * without NUL terminator. Where it sits decides what it rejects (RFC 8156 §7.6, §7.7).
 *
 * @param status  the status code (unknown codes are kept)
 * @param message the human-readable text, possibly empty
 */
public record StatusCodeOption(StatusCode status, String message) implements DhcpOption {
    public StatusCodeOption {
        Objects.requireNonNull(status, "status");
        Checks.optionData(OptionCode.STATUS_CODE, 2 + Utf8.encode("OPTION_STATUS_CODE.status-message", message).length);
    }

    /** A status with no text. */
    public StatusCodeOption(StatusCode status) {
        this(status, "");
    }

    @Override
    public OptionCode code() {
        return OptionCode.STATUS_CODE;
    }

    @Override
    public int dataLength() {
        return 2 + Utf8.encode("status-message", message).length;
    }

    @Override
    public void writeData(WireWriter out) {
        out.u16(status.code());
        out.octets(Utf8.encode("status-message", message));
    }
}
