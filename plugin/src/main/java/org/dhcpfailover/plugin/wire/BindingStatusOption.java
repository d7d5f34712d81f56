package org.dhcpfailover.plugin.wire;

import java.util.Objects;

/**
 * OPTION_F_BINDING_STATUS (114, RFC 8156 §5.5.1): the lease state, one octet.
 *
 * @param status the binding-status (unknown values are kept)
 */
public record BindingStatusOption(BindingStatus status) implements DhcpOption {
    public BindingStatusOption {
        Objects.requireNonNull(status, "status");
    }

    @Override
    public OptionCode code() {
        return OptionCode.F_BINDING_STATUS;
    }

    @Override
    public int dataLength() {
        return 1;
    }

    @Override
    public void writeData(WireWriter out) {
        out.u8(status.code());
    }
}
