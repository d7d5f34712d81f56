package org.dhcpfailover.host.v6;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.anarres.dhcp.v6.messages.Dhcp6Message;
import org.anarres.dhcp.v6.options.Dhcp6Option;
import org.anarres.dhcp.v6.options.IaNaOption;
import org.anarres.dhcp.v6.options.IaTaOption;
import org.anarres.dhcp.v6.options.StatusCodeOption;
import org.dhcpfailover.hook.spi.ResourceKind;

/**
 * Reads the identity associations of a client message and writes those of a reply (RFC 8415
 * §21.4 IA_NA, §21.5 IA_TA, §21.6 IAADDR, §21.21 IA_PD, §21.22 IAPREFIX, §21.13 Status Code), on
 * the options' bytes: anarres' own accessors throw unchecked exceptions on short options, and it
 * has no prefix delegation.
 */
final class IaCodec {

    static final short OPTION_IA_NA = 3;
    static final short OPTION_IA_TA = 4;
    static final short OPTION_IAADDR = 5;
    static final short OPTION_STATUS_CODE = 13;
    static final short OPTION_IA_PD = IaPdOption.TAG;
    static final short OPTION_IAPREFIX = IaPrefixOption.TAG;

    /** Status codes, RFC 8415 §21.13. */
    static final short SUCCESS = 0;
    static final short UNSPEC_FAIL = 1;
    static final short NO_ADDRS_AVAIL = 2;
    static final short NO_BINDING = 3;
    static final short NOT_ON_LINK = 4;
    static final short NO_PREFIX_AVAIL = 6;

    /** RFC 8415 §7.7: 0xFFFFFFFF is infinity. */
    static final long INFINITY = 0xFFFF_FFFFL;

    private IaCodec() {}

    /** An address or a prefix a client named in an IA (a hint, or what it holds). */
    record Hint(Inet6Address address, int prefixLength) {}

    /** One IA of a client message. */
    record Ia(ResourceKind kind, long iaid, List<Hint> hints) {
        Ia {
            hints = List.copyOf(hints);
        }
    }

    /** A lease as a reply carries it, lifetimes in seconds from now. */
    record Granted(InetAddress address, int prefixLength, long preferred, long valid) {}

    /**
     * The IA_NA, IA_TA and IA_PD options of {@code message}, in order; other options are not IAs
     * and are ignored here (RFC 8415 §16: unknown options are ignored).
     *
     * @throws MalformedMessageException if an IA or an address / prefix in it is shorter than its
     *     fixed fields, an option runs past its IA, or an IA is given twice
     */
    static List<Ia> ias(Dhcp6Message message) throws MalformedMessageException {
        List<Ia> ias = new ArrayList<>();
        for (Dhcp6Option option : message.getOptions()) {
            short tag = option.getTag();
            ResourceKind kind = switch (tag) {
                case OPTION_IA_NA -> ResourceKind.IPV6_ADDRESS;
                case OPTION_IA_TA -> ResourceKind.IPV6_TEMPORARY_ADDRESS;
                case OPTION_IA_PD -> ResourceKind.IPV6_PREFIX;
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            Ia ia = ia(kind, option.getData());
            for (Ia earlier : ias) {
                if (earlier.kind() == ia.kind() && earlier.iaid() == ia.iaid()) {
                    throw new MalformedMessageException(name(kind) + " with IAID " + ia.iaid() + " appears twice");
                }
            }
            ias.add(ia);
        }
        return ias;
    }

    private static Ia ia(ResourceKind kind, byte[] data) throws MalformedMessageException {
        int header = kind == ResourceKind.IPV6_TEMPORARY_ADDRESS ? 4 : 12;
        if (data == null || data.length < header) {
            throw new MalformedMessageException(name(kind) + " of " + (data == null ? 0 : data.length)
                    + " octets; it has at least " + header);
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        long iaid = Integer.toUnsignedLong(in.getInt(0));
        in.position(header);
        List<Hint> hints = new ArrayList<>();
        while (in.hasRemaining()) {
            if (in.remaining() < 4) {
                throw new MalformedMessageException(name(kind) + " " + iaid + " ends inside an option header");
            }
            int tag = Short.toUnsignedInt(in.getShort());
            int length = Short.toUnsignedInt(in.getShort());
            if (length > in.remaining()) {
                throw new MalformedMessageException(name(kind) + " " + iaid + ": option " + tag + " of " + length
                        + " octets runs past the IA");
            }
            int end = in.position() + length;
            boolean prefixes = kind == ResourceKind.IPV6_PREFIX;
            if (tag == OPTION_IAADDR && !prefixes) {
                if (length < 24) {
                    throw new MalformedMessageException("IAADDR of " + length + " octets; it has at least 24");
                }
                hints.add(new Hint(address(in), 128));
            } else if (tag == OPTION_IAPREFIX && prefixes) {
                if (length < 25) {
                    throw new MalformedMessageException("IAPREFIX of " + length + " octets; it has at least 25");
                }
                in.getInt(); // preferred lifetime: a hint the server does not take (RFC 8415 §18.3.1)
                in.getInt(); // valid lifetime
                int prefixLength = Byte.toUnsignedInt(in.get());
                if (prefixLength > 128) {
                    throw new MalformedMessageException("IAPREFIX with prefix length " + prefixLength);
                }
                hints.add(new Hint(address(in), prefixLength));
            }
            in.position(end); // other options inside an IA (status codes, unknown ones) are ignored
        }
        return new Ia(kind, iaid, hints);
    }

    private static Inet6Address address(ByteBuffer in) {
        byte[] octets = new byte[16];
        in.get(octets);
        return toAddress(octets);
    }

    static Inet6Address toAddress(byte[] octets) {
        try {
            return (Inet6Address) InetAddress.getByAddress(octets);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("16 octets are an IPv6 address", e);
        }
    }

    /**
     * An IA option of a reply: the granted leases (addresses in IAADDR, prefixes in IAPREFIX) and,
     * if given, a status code inside the IA.
     */
    static Dhcp6Option ia(ResourceKind kind, long iaid, long t1, long t2, List<Granted> leases,
            Optional<Status> status) {
        ByteBuffer body = ByteBuffer.allocate(12 + leases.size() * 29 + status.map(s -> 6 + s.text().length() * 3).orElse(0));
        body.putInt((int) iaid);
        if (kind != ResourceKind.IPV6_TEMPORARY_ADDRESS) {
            body.putInt((int) t1);
            body.putInt((int) t2);
        }
        for (Granted lease : leases) {
            if (kind == ResourceKind.IPV6_PREFIX) {
                body.putShort(OPTION_IAPREFIX).putShort((short) 25);
                body.putInt((int) lease.preferred()).putInt((int) lease.valid());
                body.put((byte) lease.prefixLength());
                body.put(lease.address().getAddress());
            } else {
                body.putShort(OPTION_IAADDR).putShort((short) 24);
                body.put(lease.address().getAddress());
                body.putInt((int) lease.preferred()).putInt((int) lease.valid());
            }
        }
        status.ifPresent(s -> putStatus(body, s));
        byte[] data = new byte[body.position()];
        body.flip().get(data);
        Dhcp6Option option = switch (kind) {
            case IPV6_ADDRESS -> new IaNaOption();
            case IPV6_TEMPORARY_ADDRESS -> new IaTaOption();
            case IPV6_PREFIX -> new IaPdOption();
            default -> throw new IllegalArgumentException("not a DHCPv6 IA: " + kind);
        };
        option.setData(data);
        return option;
    }

    /** A Status Code option (RFC 8415 §21.13). */
    record Status(short code, String text) {}

    static StatusCodeOption status(short code, String text) {
        return StatusCodeOption.create(code, text);
    }

    private static void putStatus(ByteBuffer body, Status status) {
        byte[] text = status.text().getBytes(StandardCharsets.UTF_8);
        body.putShort(OPTION_STATUS_CODE).putShort((short) (2 + text.length)).putShort(status.code()).put(text);
    }

    /** The option's name as RFC 8415 writes it. */
    static String name(ResourceKind kind) {
        return switch (kind) {
            case IPV6_ADDRESS -> "IA_NA";
            case IPV6_TEMPORARY_ADDRESS -> "IA_TA";
            case IPV6_PREFIX -> "IA_PD";
            default -> kind.name();
        };
    }
}
