package org.dhcpfailover.host.v6;

import org.anarres.dhcp.v6.options.SuboptionOption;

/**
 * OPTION_IAPREFIX (26, RFC 8415 §21.22): preferred lifetime, valid lifetime, prefix length,
 * IPv6 prefix, then options. Registered by {@link PdOptions#register}; the host reads and writes
 * its bytes itself ({@link IaCodec}).
 */
public class IaPrefixOption extends SuboptionOption {

    static final short TAG = 26;
    /** Preferred lifetime, valid lifetime, prefix length, prefix. */
    static final int HEADER_LENGTH = 25;

    @Override
    public short getTag() {
        return TAG;
    }

    @Override
    public int getHeaderSize() {
        return HEADER_LENGTH;
    }
}
