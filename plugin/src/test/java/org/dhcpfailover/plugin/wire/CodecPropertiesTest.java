package org.dhcpfailover.plugin.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Property tests: arbitrary valid messages (containment respected, unknown types and options
 * mixed in) round-trip, and arbitrary or mutated bytes only ever produce a DecodeException.
 */
class CodecPropertiesTest {

    @Property(tries = 2000)
    void encodeDecodeGivesEqualMessage(@ForAll("messages") FailoverMessage message) throws DecodeException {
        byte[] encoded = FailoverMessageEncoder.encode(message);
        assertEquals(message.encodedLength(), encoded.length);
        FailoverMessage decoded = FailoverMessageDecoder.decode(encoded);
        assertEquals(message, decoded);
        assertArrayEquals(encoded, FailoverMessageEncoder.encode(decoded));
    }

    @Property(tries = 3000)
    void mutatedMessagesDecodeCanonicallyOrFailTyped(@ForAll("messages") FailoverMessage message,
            @ForAll @Size(max = 4) List<Integer> positions, @ForAll byte value) {
        byte[] bytes = FailoverMessageEncoder.encode(message);
        for (int position : positions) {
            bytes[Math.floorMod(position, bytes.length)] ^= value;
        }
        decodeCanonicallyOrFailTyped(bytes);
    }

    @Property(tries = 3000)
    void randomBytesOnlyFailTyped(@ForAll @Size(max = 200) byte[] bytes) {
        decodeCanonicallyOrFailTyped(bytes);
    }

    /** Either decodes to a message that re-encodes to the same bytes, or throws DecodeException. */
    static void decodeCanonicallyOrFailTyped(byte[] bytes) {
        try {
            FailoverMessage decoded = FailoverMessageDecoder.decode(bytes);
            assertArrayEquals(bytes, FailoverMessageEncoder.encode(decoded));
        } catch (DecodeException expected) {
            assertEquals(expected.kind().name(), expected.getMessage().substring(0, expected.kind().name().length()));
        }
    }

    @Provide
    Arbitrary<FailoverMessage> messages() {
        Arbitrary<MessageType> types = Arbitraries.oneOf(
                Arbitraries.of(List.copyOf(MessageType.knownValues())),
                Arbitraries.integers().between(0, 255).map(MessageType::valueOf));
        return types.flatMap(type -> Combinators.combine(
                Arbitraries.integers().between(0, FailoverMessage.MAX_TRANSACTION_ID),
                HeaderFormat.hasSentTime(type) ? uint32() : Arbitraries.just(0L),
                options(Containment.topLevel(type)))
                .as((txid, sentTime, options) -> new FailoverMessage(type, txid, sentTime, options)));
    }

    private static Arbitrary<List<DhcpOption>> options(Containment.Scope scope) {
        List<OptionCode> allowed = OptionCode.knownValues().stream().filter(scope::allows).collect(Collectors.toList());
        Arbitrary<DhcpOption> unknown = unknownOption();
        Arbitrary<DhcpOption> one = allowed.isEmpty() ? unknown
                : Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(1, unknown),
                        net.jqwik.api.Tuple.of(4, Arbitraries.of(allowed).flatMap(code -> option(code, scope))));
        return one.list().ofMaxSize(4);
    }

    private static Arbitrary<DhcpOption> unknownOption() {
        return Combinators.combine(
                Arbitraries.integers().between(0, 0xFFFF).filter(c -> !OptionCode.valueOf(c).isKnown()),
                octets(0, 12)).as((code, data) -> new UnknownOption(OptionCode.valueOf(code), data));
    }

    private static Arbitrary<DhcpOption> option(OptionCode code, Containment.Scope scope) {
        Containment.Scope inner = scope.inner(code);
        switch (code.code()) {
            case 1: return octets(3, 130).map(ClientIdOption::new);
            case 3: case 25:
                return Combinators.combine(uint32(), uint32(), uint32(), options(inner))
                        .as((iaid, t1, t2, o) -> new IaOption(code, iaid, t1, t2, o));
            case 4: return Combinators.combine(uint32(), options(inner)).as(IaTaOption::new);
            case 5: return Combinators.combine(address(), uint32(), uint32(), options(inner))
                    .as(IaAddressOption::new);
            case 13: return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF).map(StatusCode::valueOf),
                    text()).as(StatusCodeOption::new);
            case 26: return Combinators.combine(uint32(), uint32(), Arbitraries.integers().between(0, 128),
                    address(), options(inner)).as(IaPrefixOption::new);
            case 39: return Combinators.combine(uint8(), octets(0, 20)).as(ClientFqdnOption::new);
            case 45: return options(inner).map(ClientDataOption::new);
            case 47: return Combinators.combine(address(), octets(0, 30)).as(LqRelayDataOption::new);
            case 68: return Combinators.combine(uint8(), octets(0, 8)).as(VssOption::new);
            case 114: return uint8().map(v -> new BindingStatusOption(BindingStatus.valueOf(v)));
            case 115: case 119: return Arbitraries.integers().between(0, 0xFFFF).map(f -> new FlagsOption(code, f));
            case 131: return uint8().map(f -> new FlagsOption(code, f));
            case 116: return options(inner).map(DnsRemovalInfoOption::new);
            case 117: case 118: return octets(1, 20).map(name -> new DnsNameOption(code, name));
            case 46: case 121: case 122: case 128: return uint32().map(v -> new Uint32Option(code, v));
            case 127: return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF),
                    Arbitraries.integers().between(0, 0xFFFF)).as(ProtocolVersionOption::new);
            case 129: return Combinators.combine(uint32(), octets(0, 16)).as(ReconfigureDataOption::new);
            case 130: return text().map(RelationshipNameOption::new);
            case 132: return uint8().map(v -> new ServerStateOption(ServerState.valueOf(v)));
            default: return uint32().map(t -> new AbsoluteTimeOption(code, t));
        }
    }

    private static Arbitrary<Long> uint32() {
        return Arbitraries.longs().between(0, 0xFFFF_FFFFL).edgeCases(e -> e.includeOnly(0L, 0xFFFF_FFFFL));
    }

    private static Arbitrary<Integer> uint8() {
        return Arbitraries.integers().between(0, 0xFF);
    }

    private static Arbitrary<OctetString> octets(int min, int max) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(min).ofMaxSize(max).map(OctetString::of);
    }

    private static Arbitrary<Ipv6Address> address() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(Ipv6Address::new);
    }

    private static Arbitrary<String> text() {
        return Arbitraries.strings().alpha().numeric().withChars("é€ -\u00ff\u4e2d").ofMaxLength(12);
    }
}
