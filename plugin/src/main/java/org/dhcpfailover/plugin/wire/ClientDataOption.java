package org.dhcpfailover.plugin.wire;

import java.util.List;

/**
 * OPTION_CLIENT_DATA (45, RFC 5007 §4.1.2.2): all that a BNDUPD/BNDREPLY says about one client
 * (RFC 8156 §7.4, §7.6). Its data is nothing but encapsulated options.
 *
 * @param options the client-options, in wire order
 */
public record ClientDataOption(List<DhcpOption> options) implements EncapsulatingOption {
    public ClientDataOption {
        options = Checks.optionList(OptionCode.CLIENT_DATA, 0, options);
    }

    @Override
    public OptionCode code() {
        return OptionCode.CLIENT_DATA;
    }
}
