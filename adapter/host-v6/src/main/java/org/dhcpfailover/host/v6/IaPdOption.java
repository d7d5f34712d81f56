package org.dhcpfailover.host.v6;

import org.anarres.dhcp.v6.options.IaOption;

/**
 * OPTION_IA_PD (25, RFC 8415 §21.21, first defined by RFC 3633): IAID, T1, T2, then IAPREFIX
 * options. anarres dhcp4j 1.0.9 does not know it; {@link PdOptions#register} adds it to the
 * library's option registry so that its decoder hands the option to the host by type. Public with
 * a public no-argument constructor because the registry instantiates it reflectively.
 */
public class IaPdOption extends IaOption {

    static final short TAG = 25;
    /** IAID, T1, T2. */
    static final int HEADER_LENGTH = 12;

    @Override
    public short getTag() {
        return TAG;
    }

    @Override
    public int getHeaderSize() {
        return HEADER_LENGTH;
    }
}
