package org.dhcpfailover.plugin.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a well-formed message lacks (digest §2.1): decoded fine, answered by the protocol. The
 * messages are written out in hex; codes in the expectations are the RFC's numbers.
 */
class RequiredOptionsTest {

    private static List<String> findings(String messageHex) throws DecodeException {
        return RequiredOptions.check(FailoverMessageDecoder.decode(Hex.bytes(messageHex))).stream()
                .map(f -> f.where() + " " + f.problem() + " "
                        + f.anyOf().stream().map(c -> String.valueOf(c.code())).toList())
                .toList();
    }

    @Test
    void connectWithoutKeepaliveMaxUnackedAndFlags_rfc8156_6_1_1() throws DecodeException {
        assertEquals(List.of("CONNECT missing [128]", "CONNECT missing [121]", "CONNECT missing [115]"),
                findings("1f 000001 2d24bd00  007f0004 00010000  007a0004 00000e10"));
    }

    @Test
    void aRejectingConnectReplyNeedsOnlyItsStatus_rfc8156_6_1_2() throws DecodeException {
        assertEquals(List.of(), findings("20 000001 2d24bd01  000d0009 0016 736b65772039 73"));
    }

    @Test
    void stateInPartnerDownWithoutPartnerDownTime_rfc8156_6_3() throws DecodeException {
        assertEquals(List.of("STATE missing [125]"),
                findings("22 000002 2d24bd01  00840001 04  00830001 01  00850004 2d24bd00"));
    }

    @Test
    void stateFromAServerInStartupCarriesItsPreviousStateOnly_rfc8156_8_3_1() throws DecodeException {
        assertEquals(List.of(), findings("22 000002 2d24bd01  00840001 04  00830001 02  00850004 2d24bd00"));
    }

    @Test
    void bndupdWithoutBinding_missingBindingInformation_rfc8156_7_5_3() throws DecodeException {
        assertEquals(List.of("BNDUPD missing [45, 26]"), findings("18 000009 2d24bd0c"));
    }

    @Test
    void bndupdWhoseClientDataLacksTheClientAndEveryIa_rfc8156_7_4() throws DecodeException {
        assertEquals(List.of("BNDUPD/OPTION_CLIENT_DATA missing [1]", "BNDUPD/OPTION_CLIENT_DATA missing [3, 4, 25]"),
                findings("18 000009 2d24bd0c  002d0008 00640004 2d24bd0c"));
    }

    @Test
    void bndupdWithTwoBindings_rfc8156_5_3_1() throws DecodeException {
        assertEquals(List.of("BNDUPD more than one [45, 26]", "BNDUPD/OPTION_CLIENT_DATA missing [1]",
                        "BNDUPD/OPTION_CLIENT_DATA missing [3, 4, 25]",
                        "BNDUPD/OPTION_CLIENT_DATA missing [1]", "BNDUPD/OPTION_CLIENT_DATA missing [3, 4, 25]"),
                findings("18 000009 2d24bd0c  002d0008 00640004 2d24bd0c  002d0008 00640004 2d24bd0c"));
    }

    @Test
    void theRfcBndupdVectorHasEverything_digest_13_5() throws DecodeException {
        assertEquals(List.of(), RequiredOptions.check(FailoverMessageDecoder.decode(Hex.message(DigestVectors.BNDUPD))));
    }
}
