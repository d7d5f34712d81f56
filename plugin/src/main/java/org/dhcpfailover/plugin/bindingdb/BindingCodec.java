package org.dhcpfailover.plugin.bindingdb;

import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.ClientLifetimes;
import org.dhcpfailover.plugin.binding.EchoedData;
import org.dhcpfailover.plugin.binding.IaType;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.binding.LeaseTimes;
import org.dhcpfailover.plugin.binding.PartnerSync;
import org.dhcpfailover.plugin.bindingdb.BindingDecodeException.Kind;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionTlvs;

/**
 * The stored form of a {@link Binding}: the lease is the store key, everything else the value.
 * Every field is kept, because after a restart the server must serve the same leases to the
 * same clients and still know each RFC 8156 §7.3 time (digest §8.7), the §4.3 "partner must be
 * told" marker and the §8.4.1 reuse wait; the echoed options are kept as the DHCPv6 option
 * TLVs the partner sent (§7.4 end, §9), so they go back byte for byte.
 *
 * <p>Key (17 octets): the address or prefix (16 octets), then 255 for an address or the prefix
 * length (0–128) for a prefix, so that a /128 prefix and the same address stay two leases.
 *
 * <p>Value, format {@value #VERSION}:
 * <pre>
 * version      u8     {@value #VERSION}
 * flags        u8     bit 0 client present; bits 1-2 PartnerSync ordinal; bits 3-4 IaType
 *                     ordinal (0 without a client); bit 5 client echo; bit 6 lease echo; bit 7 0
 * status       u8     binding-status code (RFC 8156 §5.5.1), unknown codes kept
 * present      u16    bit i set: uint32 field i follows; a clear bit means the field is 0
 * fields       u32 *  0 expiration-time, 1 acked-partner-lifetime, 2 partner-lifetime,
 *                     3 client-last-transaction-time, 4 partner-raw-clt-time,
 *                     5 start-time-of-state, 6 state-expiration-time, 7 granted-at,
 *                     8 preferred-lifetime, 9 valid-lifetime, 10 T1, 11 T2,
 *                     12 reusable-for-others-at, 13 IAID (only with a client)
 * duid         varint length, octets          (only with a client)
 * client echo  varint length, option TLVs     (only with bit 5)
 * lease echo   varint length, option TLVs     (only with bit 6)
 * </pre>
 * Why this shape: most of the 14 times and lifetimes are 0 for most leases (a FREE lease has
 * one or two set), so a presence mask beats fixed fields, and a typical active address binding
 * takes 68 octets (plus the 17-octet key). A version octet lets a later format be read alongside this one.
 *
 * <p>Decoding is strict: anything that does not follow the layout, leaves octets over, is not
 * in the one form the encoder writes (a present field of 0, a flagged empty list, a longer
 * varint than needed) or that the binding model refuses gives a {@link BindingDecodeException}.
 * So every value that decodes encodes back to exactly the same octets: damage is either
 * refused or reads as a binding that those octets, and only those, stand for.
 */
public final class BindingCodec {
    /** The format this class writes. */
    public static final int VERSION = 1;
    /** Octets of an encoded key. */
    public static final int KEY_LENGTH = 17;

    /** The last key octet of an address lease (a prefix has its length there). */
    static final int ADDRESS_TAG = 0xFF;
    private static final int FIELDS = 14;
    /** "field 0" .. "field 13", the names a decode error gives; made once, not per decoded binding. */
    private static final String[] FIELD_NAMES = IntStream.range(0, FIELDS)
            .mapToObj(i -> "field " + i).toArray(String[]::new);
    private static final IaType[] IA_TYPES = IaType.values();
    private static final PartnerSync[] SYNC_STATES = PartnerSync.values();
    private static final int IAID_FIELD = 13;
    private static final int CLIENT = 1;
    private static final int SYNC_SHIFT = 1;
    private static final int IA_SHIFT = 3;
    private static final int CLIENT_ECHO = 1 << 5;
    private static final int LEASE_ECHO = 1 << 6;
    private static final int TWO_BITS = 3;
    private static final int RESERVED = 1 << 7;
    private static final int FIXED_HEADER = 5;

    private BindingCodec() {
    }

    /** The store key of {@code lease}. */
    public static byte[] encodeKey(Lease lease) {
        byte[] key = new byte[KEY_LENGTH];
        System.arraycopy(lease.value().toBytes(), 0, key, 0, 16);
        key[16] = (byte) (lease.isPrefix() ? lease.prefixLength() : ADDRESS_TAG);
        return key;
    }

    /** The lease a key stands for. */
    public static Lease decodeKey(byte[] key) throws BindingDecodeException {
        if (key.length != KEY_LENGTH) {
            throw new BindingDecodeException(Kind.BAD_KEY, "a key has " + KEY_LENGTH + " octets, not " + key.length);
        }
        byte[] value = new byte[16];
        System.arraycopy(key, 0, value, 0, 16);
        Ipv6Address address = Ipv6Address.fromBytes(value);
        int tag = key[16] & 0xFF;
        if (tag == ADDRESS_TAG) {
            return Lease.address(address);
        }
        if (tag > Lease.MAX_LENGTH) {
            throw new BindingDecodeException(Kind.BAD_KEY, "prefix length " + tag + " exceeds 128");
        }
        return Lease.prefix(address, tag);
    }

    /** The stored value of {@code binding} (its lease goes in the key). */
    public static byte[] encodeValue(Binding binding) {
        long[] fields = fields(binding);
        int present = 0;
        int size = FIXED_HEADER;
        for (int i = 0; i < FIELDS; i++) {
            if (fields[i] != 0) {
                present |= 1 << i;
                size += 4;
            }
        }
        int flags = binding.sync().ordinal() << SYNC_SHIFT;
        OctetString duid = null;
        if (binding.client().isPresent()) {
            BindingClient client = binding.client().get();
            flags |= CLIENT | client.iaType().ordinal() << IA_SHIFT;
            duid = client.duid();
            size += Varint.length(duid.length()) + duid.length();
        }
        EchoedData echoed = binding.echoed();
        int clientEcho = OptionTlvs.encodedLength(echoed.clientOptions());
        int leaseEcho = OptionTlvs.encodedLength(echoed.leaseOptions());
        if (clientEcho > 0) {
            flags |= CLIENT_ECHO;
            size += Varint.length(clientEcho) + clientEcho;
        }
        if (leaseEcho > 0) {
            flags |= LEASE_ECHO;
            size += Varint.length(leaseEcho) + leaseEcho;
        }
        ByteSink out = new ByteSink(size);
        out.u8(VERSION);
        out.u8(flags);
        out.u8(binding.status().code());
        out.u16(present);
        for (int i = 0; i < FIELDS; i++) {
            if (fields[i] != 0) {
                out.u32(fields[i]);
            }
        }
        if (duid != null) {
            out.varint(duid.length());
            out.octets(duid.toByteArray());
        }
        if (clientEcho > 0) {
            out.varint(clientEcho);
            out.octets(OptionTlvs.encode(echoed.clientOptions()));
        }
        if (leaseEcho > 0) {
            out.varint(leaseEcho);
            out.octets(OptionTlvs.encode(echoed.leaseOptions()));
        }
        return out.finish();
    }

    /** The binding stored under {@code key} with {@code value}. */
    public static Binding decode(byte[] key, byte[] value) throws BindingDecodeException {
        return decodeValue(decodeKey(key), value);
    }

    /** The binding of {@code lease} stored with {@code value}. */
    public static Binding decodeValue(Lease lease, byte[] value) throws BindingDecodeException {
        ByteSource in = new ByteSource(value);
        int version = in.u8("version");
        if (version != VERSION) {
            throw new BindingDecodeException(Kind.UNSUPPORTED_VERSION, "format " + version + ", this version reads "
                    + VERSION);
        }
        int flags = in.u8("flags");
        BindingStatus status = BindingStatus.valueOf(in.u8("status"));
        int present = in.u16("present");
        if ((flags & RESERVED) != 0 || present >>> FIELDS != 0) {
            throw new BindingDecodeException(Kind.BAD_VALUE, "reserved bits set in flags " + flags + " / mask " + present);
        }
        boolean hasClient = (flags & CLIENT) != 0;
        int syncOrdinal = flags >>> SYNC_SHIFT & TWO_BITS;
        int iaOrdinal = flags >>> IA_SHIFT & TWO_BITS;
        if (syncOrdinal >= SYNC_STATES.length || iaOrdinal >= IA_TYPES.length
                || !hasClient && (iaOrdinal != 0 || (present & 1 << IAID_FIELD) != 0)) {
            throw new BindingDecodeException(Kind.BAD_VALUE, "impossible flags " + flags + " / mask " + present);
        }
        long[] fields = new long[FIELDS];
        for (int i = 0; i < FIELDS; i++) {
            if ((present & 1 << i) != 0) {
                fields[i] = in.u32(FIELD_NAMES[i]);
                if (fields[i] == 0) {
                    throw new BindingDecodeException(Kind.BAD_VALUE, "field " + i + " is marked present but 0");
                }
            }
        }
        Optional<BindingClient> client = Optional.empty();
        if (hasClient) {
            OctetString duid = OctetString.of(in.octets(in.varint("duid length"), "duid"));
            client = Optional.of(new BindingClient(duid, IA_TYPES[iaOrdinal], fields[IAID_FIELD]));
        }
        List<DhcpOption> clientEcho = (flags & CLIENT_ECHO) != 0 ? options(in, "client echo") : List.of();
        List<DhcpOption> leaseEcho = (flags & LEASE_ECHO) != 0 ? options(in, "lease echo") : List.of();
        if (in.remaining() != 0) {
            throw new BindingDecodeException(Kind.TRAILING_OCTETS, in.remaining() + " octets after the last field");
        }
        // Every field was read as an unsigned 32-bit value, which is all the model's checks ask.
        return new Binding(lease, client, status,
                new LeaseTimes(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6]),
                new ClientLifetimes(fields[7], fields[8], fields[9], fields[10], fields[11]),
                SYNC_STATES[syncOrdinal], fields[12], new EchoedData(clientEcho, leaseEcho));
    }

    private static List<DhcpOption> options(ByteSource in, String field) throws BindingDecodeException {
        int length = in.varint(field + " length");
        if (length == 0) {
            throw new BindingDecodeException(Kind.BAD_VALUE, field + " is flagged but empty");
        }
        int start = in.position();
        in.octets(length, field);
        try {
            return OptionTlvs.decode(in.buffer(), start, length);
        } catch (DecodeException e) {
            throw new BindingDecodeException(Kind.BAD_OPTIONS, field + " at offset " + start + ": " + e.getMessage(), e);
        }
    }

    private static long[] fields(Binding binding) {
        LeaseTimes t = binding.times();
        ClientLifetimes l = binding.lifetimes();
        return new long[] {t.expirationTime(), t.ackedPartnerLifetime(), t.partnerLifetime(),
            t.clientLastTransactionTime(), t.partnerRawCltTime(), t.startTimeOfState(), t.stateExpirationTime(),
            l.grantedAt(), l.preferredLifetime(), l.validLifetime(), l.t1(), l.t2(), binding.reusableForOthersAt(),
            binding.client().map(BindingClient::iaid).orElse(0L)};
    }
}
