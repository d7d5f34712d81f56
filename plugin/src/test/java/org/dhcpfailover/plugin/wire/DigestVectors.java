package org.dhcpfailover.plugin.wire;

/**
 * The full frames of the spec digest's test vectors (§13.1–§13.9), written out once for every
 * test that needs them. Shared test data, not production tables: tests still state the fields
 * they expect literally.
 */
public final class DigestVectors {

    public static final String CONNECT = """
            00 3c 1f 00 00 01 2d 24 bd 00 00 7f 00 04 00 01
            00 00 00 7a 00 04 00 00 0e 10 00 80 00 04 00 00
            00 3c 00 79 00 04 00 00 00 0a 00 82 00 0a 66 61
            69 6c 6f 76 65 72 2d 31 00 73 00 02 00 01""";
    public static final String CONNECTREPLY = """
            00 2e 20 00 00 01 2d 24 bd 01 00 7f 00 04 00 01
            00 00 00 7a 00 04 00 00 0e 10 00 80 00 04 00 00
            00 3c 00 79 00 04 00 00 00 0a 00 73 00 02 00 01""";
    public static final String CONNECTREPLY_REJECT = """
            00 15 20 00 00 01 2d 24 bd 01 00 0d 00 09 00 16
            73 6b 65 77 20 39 73""";
    public static final String STATE = """
            00 1a 22 00 00 02 2d 24 bd 01 00 84 00 01 02 00
            83 00 01 01 00 85 00 04 2d 24 bd 00""";
    public static final String BNDUPD = """
            00 7f 18 00 00 03 2d 24 bd 0c 00 2d 00 73 00 01
            00 0e 00 01 00 01 2d 00 00 00 00 50 56 aa bb cc
            00 64 00 04 2d 24 bd 0c 00 03 00 55 00 00 00 01
            00 00 07 08 00 00 0b 40 00 05 00 45 20 01 0d b8
            00 00 00 01 00 00 00 00 00 00 01 01 00 00 0e 10
            00 00 0e 10 00 72 00 01 01 00 85 00 04 2d 24 bd
            0a 00 86 00 04 2d 24 cb 1a 00 2e 00 04 00 00 00
            02 00 7b 00 04 2d 28 b8 92 00 78 00 04 00 00 00
            00""";
    public static final String BNDREPLY = """
            00 5f 19 00 00 03 2d 24 bd 0d 00 2d 00 53 00 01
            00 0e 00 01 00 01 2d 00 00 00 00 50 56 aa bb cc
            00 03 00 3d 00 00 00 01 00 00 07 08 00 00 0b 40
            00 05 00 2d 20 01 0d b8 00 00 00 01 00 00 00 00
            00 00 01 01 00 00 0e 10 00 00 0e 10 00 72 00 01
            01 00 86 00 04 2d 24 cb 1a 00 7c 00 04 2d 28 b8
            92""";
    public static final String BNDREPLY_REJECT = """
            00 65 19 00 00 03 2d 24 bd 0d 00 2d 00 59 00 01
            00 0e 00 01 00 01 2d 00 00 00 00 50 56 aa bb cc
            00 03 00 43 00 00 00 01 00 00 07 08 00 00 0b 40
            00 05 00 33 20 01 0d b8 00 00 00 01 00 00 00 00
            00 00 01 01 00 00 0e 10 00 00 0e 10 00 0d 00 02
            00 13 00 72 00 01 01 00 86 00 04 2d 24 cb 1a 00
            7c 00 04 2d 28 b8 92""";
    public static final String CONTACT = "00 08 23 00 00 04 2d 24 bd 0f";
    public static final String DISCONNECT = """
            00 16 21 00 00 05 2d 24 bd 14 00 0d 00 0a 00 14
            73 68 75 74 64 6f 77 6e""";

    private DigestVectors() {
    }
}
