package org.dhcpfailover.host.v6;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * DHCPv6 messages as octets, written and read independently of anarres and of the host's own
 * codec (RFC 8415 §8 message format, §21 options), so that tests check the wire.
 */
final class V6Packets {

    static final int SOLICIT = 1;
    static final int ADVERTISE = 2;
    static final int REQUEST = 3;
    static final int CONFIRM = 4;
    static final int RENEW = 5;
    static final int REBIND = 6;
    static final int REPLY = 7;
    static final int RELEASE = 8;
    static final int DECLINE = 9;
    static final int INFORMATION_REQUEST = 11;

    static final int CLIENTID = 1;
    static final int SERVERID = 2;
    static final int IA_NA = 3;
    static final int IA_TA = 4;
    static final int IAADDR = 5;
    static final int ORO = 6;
    static final int ELAPSED_TIME = 8;
    static final int STATUS_CODE = 13;
    static final int IA_PD = 25;
    static final int IAPREFIX = 26;

    private V6Packets() {}

    /** A DUID-LL (RFC 8415 §11.4) with Ethernet hardware type and a MAC ending in {@code last}. */
    static byte[] duid(int last) {
        return new byte[] {0, 3, 0, 1, 2, 0, 0x5e, 0x10, 0, (byte) last};
    }

    /** One option: code, length, data. */
    static byte[] option(int code, byte[] data) {
        return ByteBuffer.allocate(4 + data.length).putShort((short) code).putShort((short) data.length).put(data).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] message(int type, int transactionId, byte[]... options) {
        byte[] header = {(byte) type, (byte) (transactionId >> 16), (byte) (transactionId >> 8), (byte) transactionId};
        return concat(header, concat(options));
    }

    static byte[] clientId(int last) {
        return option(CLIENTID, duid(last));
    }

    static byte[] serverId(byte[] duid) {
        return option(SERVERID, duid);
    }

    /** IA_NA (RFC 8415 §21.4) with T1 = T2 = 0 and the given IAADDR / other options. */
    static byte[] iaNa(long iaid, byte[]... options) {
        return option(IA_NA, concat(ByteBuffer.allocate(12).putInt((int) iaid).array(), concat(options)));
    }

    static byte[] iaTa(long iaid, byte[]... options) {
        return option(IA_TA, concat(ByteBuffer.allocate(4).putInt((int) iaid).array(), concat(options)));
    }

    static byte[] iaPd(long iaid, byte[]... options) {
        return option(IA_PD, concat(ByteBuffer.allocate(12).putInt((int) iaid).array(), concat(options)));
    }

    static byte[] iaAddr(String address, long preferred, long valid) {
        return option(IAADDR, ByteBuffer.allocate(24).put(ip(address).getAddress()).putInt((int) preferred)
                .putInt((int) valid).array());
    }

    static byte[] iaPrefix(String prefix, int length, long preferred, long valid) {
        return option(IAPREFIX, ByteBuffer.allocate(25).putInt((int) preferred).putInt((int) valid).put((byte) length)
                .put(ip(prefix).getAddress()).array());
    }

    /** An Option Request option (RFC 8415 §21.7) naming DNS servers (23) only. */
    static byte[] oroDnsOnly() {
        return option(ORO, new byte[] {0, 23});
    }

    static byte[] elapsed() {
        return option(ELAPSED_TIME, new byte[] {0, 0});
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    // ---- reading replies ----

    record Option(int code, byte[] data) {}

    record Lease(InetAddress address, int prefixLength, long preferred, long valid) {}

    /** An IA of a reply: IAID, T1, T2 (0 for IA_TA), its leases and its status code, if any. */
    record IaReply(int code, long iaid, long t1, long t2, List<Lease> leases, Integer status) {}

    record Reply(int type, int transactionId, List<Option> options) {
        static Reply of(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            int type = Byte.toUnsignedInt(in.get());
            int xid = (Byte.toUnsignedInt(in.get()) << 16) | (Byte.toUnsignedInt(in.get()) << 8) | Byte.toUnsignedInt(in.get());
            return new Reply(type, xid, readOptions(in));
        }

        List<Option> all(int code) {
            return options.stream().filter(o -> o.code() == code).toList();
        }

        byte[] first(int code) {
            List<Option> found = all(code);
            if (found.isEmpty()) {
                throw new AssertionError("no option " + code + " in " + this);
            }
            return found.get(0).data();
        }

        /** The top-level status code, or null. */
        Integer status() {
            List<Option> found = all(STATUS_CODE);
            return found.isEmpty() ? null : (int) ByteBuffer.wrap(found.get(0).data()).getShort();
        }

        List<IaReply> ias() {
            List<IaReply> ias = new ArrayList<>();
            for (Option option : options) {
                if (option.code() != IA_NA && option.code() != IA_TA && option.code() != IA_PD) {
                    continue;
                }
                ByteBuffer in = ByteBuffer.wrap(option.data());
                long iaid = Integer.toUnsignedLong(in.getInt());
                long t1 = option.code() == IA_TA ? 0 : Integer.toUnsignedLong(in.getInt());
                long t2 = option.code() == IA_TA ? 0 : Integer.toUnsignedLong(in.getInt());
                List<Lease> leases = new ArrayList<>();
                Integer status = null;
                for (Option sub : readOptions(in)) {
                    ByteBuffer s = ByteBuffer.wrap(sub.data());
                    if (sub.code() == IAADDR) {
                        byte[] address = new byte[16];
                        s.get(address);
                        leases.add(new Lease(byAddress(address), 128, Integer.toUnsignedLong(s.getInt()),
                                Integer.toUnsignedLong(s.getInt())));
                    } else if (sub.code() == IAPREFIX) {
                        long preferred = Integer.toUnsignedLong(s.getInt());
                        long valid = Integer.toUnsignedLong(s.getInt());
                        int length = Byte.toUnsignedInt(s.get());
                        byte[] prefix = new byte[16];
                        s.get(prefix);
                        leases.add(new Lease(byAddress(prefix), length, preferred, valid));
                    } else if (sub.code() == STATUS_CODE) {
                        status = (int) s.getShort();
                    }
                }
                ias.add(new IaReply(option.code(), iaid, t1, t2, leases, status));
            }
            return ias;
        }

        String statusText() {
            byte[] data = first(STATUS_CODE);
            return new String(data, 2, data.length - 2, StandardCharsets.UTF_8);
        }
    }

    private static List<Option> readOptions(ByteBuffer in) {
        List<Option> options = new ArrayList<>();
        while (in.remaining() >= 4) {
            int code = Short.toUnsignedInt(in.getShort());
            int length = Short.toUnsignedInt(in.getShort());
            byte[] data = new byte[length];
            in.get(data);
            options.add(new Option(code, data));
        }
        if (in.hasRemaining()) {
            throw new AssertionError("trailing octets in a reply");
        }
        return options;
    }

    private static InetAddress byAddress(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
