package org.dhcpfailover.plugin.bindingdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.bindingdb.BindingDecodeException.Kind;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.junit.jupiter.api.Test;

class BindingCodecTest {

    @Property(tries = 3000)
    void everyBindingDecodesToItself(@ForAll("bindings") Binding binding) throws BindingDecodeException {
        byte[] key = BindingCodec.encodeKey(binding.lease());
        byte[] value = BindingCodec.encodeValue(binding);

        assertEquals(binding, BindingCodec.decode(key, value));
    }

    @Property(tries = 300)
    void everyTruncationIsRefused(@ForAll("bindings") Binding binding) {
        byte[] value = BindingCodec.encodeValue(binding);
        byte[] key = BindingCodec.encodeKey(binding.lease());
        for (int length = 0; length < value.length; length++) {
            byte[] cut = Arrays.copyOf(value, length);
            assertThrows(BindingDecodeException.class, () -> BindingCodec.decode(key, cut), "length " + length);
        }
    }

    /**
     * Damage never reads as garbage: a damaged value is refused with a typed error, or it reads
     * as the one binding whose encoding is exactly the damaged octets.
     */
    @Property(tries = 300)
    void aDamagedValueIsRefusedOrReadsAsExactlyWhatItEncodes(@ForAll("bindings") Binding binding,
            @ForAll("seeds") long seed) {
        Random random = new Random(seed);
        byte[] key = BindingCodec.encodeKey(binding.lease());
        byte[] value = BindingCodec.encodeValue(binding);
        for (int i = 0; i < 50; i++) {
            byte[] damaged = value.clone();
            damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            if (random.nextBoolean()) {
                damaged = Arrays.copyOf(damaged, damaged.length + 1 + random.nextInt(4));
            }
            try {
                Binding read = BindingCodec.decode(key, damaged);
                assertArrayEquals(damaged, BindingCodec.encodeValue(read));
            } catch (BindingDecodeException e) {
                assertTrue(e.getMessage().startsWith(e.kind().name()));
            }
        }
    }

    @Provide
    Arbitrary<Binding> bindings() {
        return Arbitraries.randomValue(BindingSamples::random);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Test
    void aTypicalAddressBindingIsSmall() {
        Binding binding = BindingSamples.typicalAddress(BindingSamples.address(1), BindingSamples.DUID, 1);

        int key = BindingCodec.encodeKey(binding.lease()).length;
        int value = BindingCodec.encodeValue(binding).length;

        System.out.printf("typical ACTIVE IA_NA address binding: key %d + value %d = %d octets%n", key, value,
                key + value);
        assertTrue(value <= 72 && key + value <= 90, key + " + " + value + " octets");
    }

    @Test
    void anAddressAndASlash128PrefixAreDifferentKeys() throws BindingDecodeException {
        Ipv6Address value = Ipv6Address.parse("2001:db8::1");
        byte[] address = BindingCodec.encodeKey(Lease.address(value));
        byte[] prefix = BindingCodec.encodeKey(Lease.prefix(value, 128));

        assertFalse(Arrays.equals(address, prefix));
        assertEquals(Lease.address(value), BindingCodec.decodeKey(address));
        assertEquals(Lease.prefix(value, 128), BindingCodec.decodeKey(prefix));
    }

    @Test
    void aKeyOfTheWrongLengthOrWithAnImpossiblePrefixLengthIsRefused() {
        byte[] key = BindingCodec.encodeKey(BindingSamples.address(1));
        byte[] badLength = key.clone();
        badLength[16] = (byte) 129;

        assertEquals(Kind.BAD_KEY, assertThrows(BindingDecodeException.class,
                () -> BindingCodec.decodeKey(Arrays.copyOf(key, 16))).kind());
        assertEquals(Kind.BAD_KEY, assertThrows(BindingDecodeException.class,
                () -> BindingCodec.decodeKey(badLength)).kind());
    }

    @Test
    void anotherFormatVersionIsRefused() {
        Binding binding = Binding.initial(BindingSamples.address(2), BindingStatus.FREE, BindingSamples.T0);
        byte[] value = BindingCodec.encodeValue(binding);
        value[0] = 2;

        assertEquals(Kind.UNSUPPORTED_VERSION, kindOf(BindingCodec.encodeKey(binding.lease()), value));
    }

    @Test
    void aFreeLeaseWithoutClientKeepsNoClient() throws BindingDecodeException {
        Binding binding = Binding.initial(BindingSamples.address(3), BindingStatus.FREE_BACKUP, BindingSamples.T0);

        Binding read = BindingCodec.decode(BindingCodec.encodeKey(binding.lease()), BindingCodec.encodeValue(binding));

        assertEquals(Optional.empty(), read.client());
        assertEquals(binding, read);
    }

    @Test
    void eachKindOfDamageHasItsOwnError() {
        Binding binding = BindingSamples.typicalAddress(BindingSamples.address(4), BindingSamples.DUID, 7);
        byte[] key = BindingCodec.encodeKey(binding.lease());
        byte[] value = BindingCodec.encodeValue(binding);

        assertEquals(Kind.TRUNCATED, kindOf(key, Arrays.copyOf(value, value.length - 1)));
        assertEquals(Kind.TRAILING_OCTETS, kindOf(key, Arrays.copyOf(value, value.length + 1)));
        byte[] reserved = value.clone();
        reserved[1] |= (byte) 0x80;
        assertEquals(Kind.BAD_VALUE, kindOf(key, reserved));
        byte[] badSync = value.clone();
        badSync[1] |= 0b110;
        assertEquals(Kind.BAD_VALUE, kindOf(key, badSync));
    }

    @Test
    void echoedOptionsThatAreNotValidTlvsAreRefused() {
        Binding binding = Binding.initial(BindingSamples.address(5), BindingStatus.FREE, BindingSamples.T0);
        byte[] plain = BindingCodec.encodeValue(binding);
        byte[] value = Arrays.copyOf(plain, plain.length + 4);
        value[1] |= 1 << 6;
        value[plain.length] = 3;
        value[plain.length + 1] = 0;
        value[plain.length + 2] = 39;
        value[plain.length + 3] = 0;

        assertEquals(Kind.BAD_OPTIONS, kindOf(BindingCodec.encodeKey(binding.lease()), value));
    }

    private static Kind kindOf(byte[] key, byte[] value) {
        try {
            return fail("decoded " + BindingCodec.decode(key, value));
        } catch (BindingDecodeException e) {
            return e.kind();
        }
    }
}
