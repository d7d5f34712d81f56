package org.dhcpfailover.plugin.wire;

import java.util.Objects;

/**
 * OPTION_F_SERVER_STATE (132, RFC 8156 §5.5.16): the sender's endpoint state, one octet.
 *
 * @param state the state (unknown values are kept)
 */
public record ServerStateOption(ServerState state) implements DhcpOption {
    public ServerStateOption {
        Objects.requireNonNull(state, "state");
    }

    @Override
    public OptionCode code() {
        return OptionCode.F_SERVER_STATE;
    }

    @Override
    public int dataLength() {
        return 1;
    }

    @Override
    public void writeData(WireWriter out) {
        out.u8(state.code());
    }
}
