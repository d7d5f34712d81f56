package org.dhcpfailover.plugin.binding;

import static org.dhcpfailover.plugin.wire.DigestVectors.BNDREPLY;
import static org.dhcpfailover.plugin.wire.DigestVectors.BNDREPLY_REJECT;
import static org.dhcpfailover.plugin.wire.DigestVectors.BNDUPD;
import static org.dhcpfailover.plugin.binding.Fixtures.ADDRESS;
import static org.dhcpfailover.plugin.binding.Fixtures.CLIENT_A;
import static org.dhcpfailover.plugin.binding.Fixtures.DUID_A;
import static org.dhcpfailover.plugin.binding.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.config.Allocation;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.wire.AbsoluteTimeOption;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.BindingStatusOption;
import org.dhcpfailover.plugin.wire.ClientDataOption;
import org.dhcpfailover.plugin.wire.ClientFqdnOption;
import org.dhcpfailover.plugin.wire.ClientIdOption;
import org.dhcpfailover.plugin.wire.DecodeException;
import org.dhcpfailover.plugin.wire.DhcpOption;
import org.dhcpfailover.plugin.wire.FailoverMessage;
import org.dhcpfailover.plugin.wire.FailoverMessageDecoder;
import org.dhcpfailover.plugin.wire.Frames;
import org.dhcpfailover.plugin.wire.Hex;
import org.dhcpfailover.plugin.wire.IaAddressOption;
import org.dhcpfailover.plugin.wire.IaOption;
import org.dhcpfailover.plugin.wire.IaPrefixOption;
import org.dhcpfailover.plugin.wire.IaTaOption;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.LqRelayDataOption;
import org.dhcpfailover.plugin.wire.MessageType;
import org.dhcpfailover.plugin.wire.OctetString;
import org.dhcpfailover.plugin.wire.OptionCode;
import org.dhcpfailover.plugin.wire.StatusCode;
import org.dhcpfailover.plugin.wire.StatusCodeOption;
import org.dhcpfailover.plugin.wire.Uint32Option;
import org.dhcpfailover.plugin.wire.VssOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** BNDUPD / BNDREPLY building and reading (RFC 8156 §7.4, §7.6, §7.7; digest §13.5–§13.7). */
class BindingMessagesTest {
    /**
     * The §13.5 lease as the primary holds it: granted at T0+10 for 3600 s (T1 1800, T2 2880),
     * partner lifetime T0+261010 not yet acknowledged, nothing ever acknowledged to the partner.
     */
    private static final Binding SENT = new Binding(ADDRESS, Optional.of(CLIENT_A), BindingStatus.ACTIVE,
            new LeaseTimes(0, 0, 757643410L, 757382410L, 0, 757382410L, 757386010L),
            new ClientLifetimes(757382410L, 3600, 3600, 1800, 2880), PartnerSync.SENT, 0, EchoedData.NONE);

    private static final LeaseContext NOW = LeaseContext.communicating(T0 + 14, 3600);

    private static FailoverMessage decode(String frame) throws DecodeException {
        return FailoverMessageDecoder.decode(Hex.message(frame));
    }

    @Test
    @DisplayName("RFC 8156 §7.4, digest §13.5: the BNDUPD for the lease is exactly the vector")
    void buildsVector135() {
        FailoverMessage update = BindingUpdateBuilder.forClient(3, 757382412L, List.of(SENT));
        assertArrayEquals(Hex.bytes(BNDUPD), Frames.frame(update));
    }

    @Test
    @DisplayName("RFC 8156 §7.5.5, A15: reading §13.5 gives the lease, CLT T0+12 − 2 = T0+10, and every time")
    void parsesVector135() throws DecodeException {
        ParsedUpdate parsed = BindingUpdateParser.parse(decode(BNDUPD));
        assertEquals(Optional.empty(), parsed.refusal());
        assertEquals(List.of(new ReceivedLease(ADDRESS, Optional.of(CLIENT_A), BindingStatus.ACTIVE, 757382410L,
                OptionalLong.of(757386010L), OptionalLong.of(757382410L), OptionalLong.of(757643410L),
                OptionalLong.empty(), OptionalLong.of(0), new ClientLifetimes(757382410L, 3600, 3600, 1800, 2880),
                EchoedData.NONE)), parsed.leases());
    }

    @Test
    @DisplayName("RFC 8156 §7.5.4, §7.5.5 Figure 5: the secondary takes §13.5 and stores it crosswise")
    void secondaryStoresVector135() throws DecodeException {
        ReceivedLease received = BindingUpdateParser.parse(decode(BNDUPD)).leases().get(0);
        assertEquals(UpdateVerdict.ACCEPTED, UpdateAcceptance.decide(received,
                Optional.of(Binding.initial(ADDRESS, BindingStatus.FREE, T0)), Role.SECONDARY,
                757382413L, lease -> true));
        Binding stored = UpdateStore.apply(Optional.of(Binding.initial(ADDRESS, BindingStatus.FREE, T0)), received);
        assertEquals(new Binding(ADDRESS, Optional.of(CLIENT_A), BindingStatus.ACTIVE,
                new LeaseTimes(757643410L, 0, 0, 0, 757382410L, 757382410L, 757386010L),
                new ClientLifetimes(757382410L, 3600, 3600, 1800, 2880), PartnerSync.ACKNOWLEDGED, 0, EchoedData.NONE),
                stored);
    }

    @Test
    @DisplayName("RFC 8156 §7.4, §8.5: the secondary's copy of §13.5 sent back (UPDREQALL) still says when the client got its lifetimes")
    void primaryRestoresTheGrantTimeFromTheSecondarysCopy() throws DecodeException {
        ReceivedLease first = BindingUpdateParser.parse(decode(BNDUPD)).leases().get(0);
        Binding secondarys = UpdateStore.apply(Optional.of(Binding.initial(ADDRESS, BindingStatus.FREE, T0)), first);
        FailoverMessage back = BindingUpdateBuilder.forClient(9, 757382500L, List.of(secondarys));
        assertTrue(firstAddress(back).first(OptionCode.CLT_TIME).isEmpty(), "the secondary never talked to the client");
        ReceivedLease restored = BindingUpdateParser.parse(back).leases().get(0);
        assertEquals(new ClientLifetimes(757382410L, 3600, 3600, 1800, 2880), restored.lifetimes());
        assertEquals(757382410L + 3600, UpdateStore.apply(Optional.empty(), restored).lifetimes().clientExpiry());
    }

    @Test
    @DisplayName("RFC 8156 §7.4: lifetimes renewed by the sender after the receiver's grant count from the sender's CLT")
    void laterOfTheTwoTransactionTimes() throws DecodeException {
        Binding renewedBySecondary = new Binding(ADDRESS, Optional.of(CLIENT_A), BindingStatus.ACTIVE,
                new LeaseTimes(757643410L, 0, 757500000L, 757382450L, 757382410L, 757382450L, 757386050L),
                new ClientLifetimes(757382450L, 600, 600, 300, 480), PartnerSync.PENDING, 0, EchoedData.NONE);
        ReceivedLease received = BindingUpdateParser.parse(
                BindingUpdateBuilder.forClient(10, 757382460L, List.of(renewedBySecondary))).leases().get(0);
        assertEquals(757382450L, received.lifetimes().grantedAt());
    }

    @Test
    @DisplayName("RFC 8156 §7.6, A16, digest §13.6: the accepting BNDREPLY is exactly the vector")
    void buildsVector136() throws DecodeException {
        FailoverMessage reply = BindingReplyBuilder.build(decode(BNDUPD), 757382413L, Optional.empty(),
                lease -> UpdateVerdict.ACCEPTED);
        assertArrayEquals(Hex.bytes(BNDREPLY), Frames.frame(reply));
    }

    @Test
    @DisplayName("RFC 8156 §7.6, digest §13.7: the per-address OutdatedBindingInformation reject is exactly the vector")
    void buildsVector137() throws DecodeException {
        FailoverMessage reply = BindingReplyBuilder.build(decode(BNDUPD), 757382413L, Optional.empty(),
                lease -> UpdateVerdict.reject(StatusCode.OUTDATED_BINDING_INFORMATION, "newer here"));
        assertArrayEquals(Hex.bytes(BNDREPLY_REJECT), Frames.frame(reply));
    }

    @Test
    @DisplayName("RFC 8156 §7.7, digest §13.6: the accepted reply sets acked-partner-lifetime T0+261010, partner-lifetime 0")
    void appliesVector136() throws DecodeException {
        ReplyOutcome outcome = ReplyProcessor.apply(decode(BNDREPLY), lease -> Optional.of(SENT),
                lease -> Allocation.INDEPENDENT, NOW);
        assertEquals(Map.of(), outcome.rejected());
        Binding acked = outcome.updated().get(0);
        assertEquals(new LeaseTimes(0, 757643410L, 0, 757382410L, 0, 757382410L, 757386010L), acked.times());
        assertEquals(PartnerSync.ACKNOWLEDGED, acked.sync());
        assertEquals(BindingStatus.ACTIVE, acked.status());
    }

    @Test
    @DisplayName("RFC 8156 §7.5.4, §7.7: crossing updates — a reply for ours after we stored the partner's marks the lease")
    void replyAfterStoringThePartnersCrossingUpdateMarksTheLease() throws DecodeException {
        // We sent ACTIVE; before the reply came, the partner's own BNDUPD (EXPIRED) crossed it and
        // we stored it (unmarked). The partner accepted ours, so it may hold ACTIVE while we hold
        // EXPIRED: ours must go again, or the two stores disagree for ever.
        Binding fromPartner = SENT.withStatus(BindingStatus.EXPIRED, SENT.times().withState(T0 + 10, 0),
                PartnerSync.ACKNOWLEDGED);

        Binding after = ReplyProcessor.apply(decode(BNDREPLY), lease -> Optional.of(fromPartner),
                lease -> Allocation.INDEPENDENT, NOW).updated().get(0);

        assertEquals(PartnerSync.SENT, after.sync(), "marked for the periodic scan, not PENDING (§4.2.2.1)");
        assertEquals(BindingStatus.EXPIRED, after.status());
    }

    @Test
    @DisplayName("RFC 8156 §7.6, §7.7: a reply echoing another state-expiration-time acknowledges an older version")
    void replyForAnOlderStateExpiryLeavesTheLeaseMarked() throws DecodeException {
        // Same status and partner lifetime as the §13.6 reply, but the lease's state now ends later.
        Binding changed = SENT.withTimes(SENT.times().withState(SENT.times().startTimeOfState(), 757389610L));

        Binding after = ReplyProcessor.apply(decode(BNDREPLY), lease -> Optional.of(changed),
                lease -> Allocation.INDEPENDENT, NOW).updated().get(0);

        assertEquals(PartnerSync.SENT, after.sync(), "still marked: the partner has not seen this version");
        assertEquals(757643410L, after.times().ackedPartnerLifetime());
    }

    @Test
    @DisplayName("RFC 8156 §7.7, digest §13.7: a rejected address stays marked and unchanged")
    void appliesVector137() throws DecodeException {
        ReplyOutcome outcome = ReplyProcessor.apply(decode(BNDREPLY_REJECT), lease -> Optional.of(SENT),
                lease -> Allocation.INDEPENDENT, NOW);
        assertEquals(List.of(), outcome.updated());
        assertEquals(Map.of(ADDRESS, StatusCode.OUTDATED_BINDING_INFORMATION), outcome.rejected());
    }

    @Test
    @DisplayName("RFC 8156 §7.2 event (4), §7.7, A1: an accepted EXPIRED lease becomes FREE via PENDING-FREE")
    void acceptedExpiryFrees() {
        Binding expired = new Binding(ADDRESS, Optional.of(CLIENT_A), BindingStatus.EXPIRED,
                new LeaseTimes(0, 757643410L, 0, 757382410L, 0, 757386010L, 0), SENT.lifetimes(), PartnerSync.SENT, 0,
                EchoedData.NONE);
        FailoverMessage update = BindingUpdateBuilder.forClient(4, 757386020L, List.of(expired));
        FailoverMessage reply = BindingReplyBuilder.build(update, 757386021L, Optional.empty(),
                lease -> UpdateVerdict.ACCEPTED);
        Binding freed = ReplyProcessor.apply(reply, lease -> Optional.of(expired), lease -> Allocation.INDEPENDENT,
                LeaseContext.communicating(757386022L, 3600)).updated().get(0);
        assertEquals(BindingStatus.FREE, freed.status());
        assertEquals(757386022L, freed.times().startTimeOfState());
        assertEquals(757643410L, freed.times().ackedPartnerLifetime());
        // The FREE label itself goes to the partner next (§7.2, digest §12.2).
        assertEquals(PartnerSync.PENDING, freed.sync());
    }

    @Test
    @DisplayName("RFC 8156 §7.4: a status without timeout sends no 134, 123, 120; CLT_TIME and PARTNER_RAW_CLT_TIME when known")
    void noTimeoutOptions() {
        Binding released = new Binding(ADDRESS, Optional.of(CLIENT_A), BindingStatus.RELEASED,
                new LeaseTimes(757300000L, 757643410L, 0, 757382410L, 757382409L, 757382411L, 0), SENT.lifetimes(),
                PartnerSync.PENDING, 0, EchoedData.NONE);
        FailoverMessage update = BindingUpdateBuilder.forClient(5, 757382412L, List.of(released));
        IaAddressOption address = firstAddress(update);
        assertEquals(List.of(new BindingStatusOption(BindingStatus.RELEASED),
                new AbsoluteTimeOption(OptionCode.F_START_TIME_OF_STATE, 757382411L),
                new Uint32Option(OptionCode.CLT_TIME, 2),
                new AbsoluteTimeOption(OptionCode.F_PARTNER_RAW_CLT_TIME, 757382409L)), address.options());
    }

    @Test
    @DisplayName("RFC 8156 §7.4: once acknowledged (partner-lifetime 0) a resent lease carries the acked partner lifetime")
    void resendAfterAck() {
        Binding acked = SENT.withTimes(SENT.times().acknowledged(757643410L));
        IaAddressOption address = firstAddress(BindingUpdateBuilder.forClient(6, 757382412L, List.of(acked)));
        assertEquals(Optional.of(new AbsoluteTimeOption(OptionCode.F_PARTNER_LIFETIME, 757643410L)),
                address.first(OptionCode.F_PARTNER_LIFETIME));
    }

    private static IaAddressOption firstAddress(FailoverMessage update) {
        ClientDataOption data = update.first(OptionCode.CLIENT_DATA, ClientDataOption.class).orElseThrow();
        IaOption ia = data.first(OptionCode.IA_NA, IaOption.class).orElseThrow();
        return ia.first(OptionCode.IAADDR, IaAddressOption.class).orElseThrow();
    }

    @Test
    @DisplayName("RFC 8156 §7.4: one CLIENT_DATA groups the client's IAs; echoed data goes back where it came from")
    void severalIasAndEcho() throws DecodeException {
        DhcpOption relay = new LqRelayDataOption(Ipv6Address.parse("2001:db8::1"), OctetString.fromHex("0c00"));
        DhcpOption fqdn = new ClientFqdnOption(1, OctetString.fromHex("04686f737400"));
        Binding first = new Binding(ADDRESS, Optional.of(CLIENT_A), BindingStatus.FREE,
                new LeaseTimes(0, 0, 0, 0, 0, 757382400L, 0), ClientLifetimes.NONE, PartnerSync.PENDING, 0,
                new EchoedData(List.of(relay), List.of(fqdn)));
        Binding temporary = new Binding(Lease.address(Ipv6Address.parse("2001:db8:0:1::7")),
                Optional.of(new BindingClient(DUID_A, IaType.IA_TA, 9)), BindingStatus.FREE,
                new LeaseTimes(0, 0, 0, 0, 0, 757382400L, 0), ClientLifetimes.NONE, PartnerSync.PENDING, 0,
                new EchoedData(List.of(relay), List.of()));
        Binding prefix = new Binding(Lease.prefix(Ipv6Address.parse("2001:db8:100::"), 56),
                Optional.of(new BindingClient(DUID_A, IaType.IA_PD, 1)), BindingStatus.FREE,
                new LeaseTimes(0, 0, 0, 0, 0, 757382400L, 0), new ClientLifetimes(0, 0, 0, 10, 20), PartnerSync.PENDING,
                0, EchoedData.NONE);
        FailoverMessage update = BindingUpdateBuilder.forClient(7, 757382412L, List.of(first, temporary, prefix));
        ClientDataOption data = update.first(OptionCode.CLIENT_DATA, ClientDataOption.class).orElseThrow();
        assertEquals(List.of(OptionCode.CLIENTID, OptionCode.LQ_BASE_TIME, OptionCode.LQ_RELAY_DATA, OptionCode.IA_NA,
                OptionCode.IA_TA, OptionCode.IA_PD), data.options().stream().map(DhcpOption::code).toList());
        assertEquals(9L, data.first(OptionCode.IA_TA, IaTaOption.class).orElseThrow().iaid());
        IaOption pd = data.first(OptionCode.IA_PD, IaOption.class).orElseThrow();
        assertEquals(10L, pd.t1());
        assertEquals(56, pd.first(OptionCode.IAPREFIX, IaPrefixOption.class).orElseThrow().prefixLength());

        List<ReceivedLease> leases = BindingUpdateParser.parse(update).leases();
        assertEquals(3, leases.size());
        assertEquals(new EchoedData(List.of(relay), List.of(fqdn)), leases.get(0).echoed());
        assertEquals(Optional.of(new BindingClient(DUID_A, IaType.IA_TA, 9)), leases.get(1).client());
        assertEquals(Lease.prefix(Ipv6Address.parse("2001:db8:100::"), 56), leases.get(2).lease());
        assertEquals(new ClientLifetimes(0, 0, 0, 10, 20), leases.get(2).lifetimes());
    }

    @Test
    @DisplayName("RFC 8156 §7.4: one BNDUPD is one client; a lease without a client goes as a stand-alone prefix")
    void builderRefusesMixedInput() {
        Binding other = new Binding(ADDRESS, Optional.of(Fixtures.CLIENT_B), BindingStatus.FREE, LeaseTimes.NONE,
                ClientLifetimes.NONE, PartnerSync.PENDING, 0, EchoedData.NONE);
        assertThrows(IllegalArgumentException.class,
                () -> BindingUpdateBuilder.forClient(1, T0, List.of(SENT, other)));
        assertThrows(IllegalArgumentException.class, () -> BindingUpdateBuilder.forClient(1, T0, List.of()));
        Binding free = Binding.initial(ADDRESS, BindingStatus.FREE, T0);
        assertThrows(IllegalArgumentException.class, () -> BindingUpdateBuilder.forClient(1, T0, List.of(free)));
        assertThrows(IllegalArgumentException.class, () -> BindingUpdateBuilder.forPrefix(1, T0, free));
    }

    @Test
    @DisplayName("RFC 8156 §7.4, §7.6, A16: a stand-alone delegable prefix goes with lifetimes 0/0 and is echoed")
    void standalonePrefix() {
        Lease lease = Lease.prefix(Ipv6Address.parse("2001:db8:200::"), 48);
        Binding backup = new Binding(lease, Optional.empty(), BindingStatus.FREE_BACKUP,
                new LeaseTimes(0, 0, 0, 0, 0, 757382400L, 0), ClientLifetimes.NONE, PartnerSync.PENDING, 0,
                EchoedData.NONE);
        FailoverMessage update = BindingUpdateBuilder.forPrefix(8, 757382412L, backup);
        assertEquals(FailoverMessage.of(MessageType.BNDUPD, 8, 757382412L, new IaPrefixOption(0, 0, 48,
                Ipv6Address.parse("2001:db8:200::"), List.of(new AbsoluteTimeOption(OptionCode.LQ_BASE_TIME, 757382412L),
                        new BindingStatusOption(BindingStatus.FREE_BACKUP),
                        new AbsoluteTimeOption(OptionCode.F_START_TIME_OF_STATE, 757382400L)))), update);
        assertEquals(List.of(new ReceivedLease(lease, Optional.empty(), BindingStatus.FREE_BACKUP, 757382400L,
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty(), ClientLifetimes.NONE, EchoedData.NONE)), BindingUpdateParser.parse(update).leases());
        FailoverMessage reply = BindingReplyBuilder.build(update, 757382413L, Optional.empty(),
                l -> UpdateVerdict.reject(StatusCode.ADDRESS_IN_USE, "leased here"));
        assertEquals(FailoverMessage.of(MessageType.BNDREPLY, 8, 757382413L, new IaPrefixOption(0, 0, 48,
                Ipv6Address.parse("2001:db8:200::"), List.of(new StatusCodeOption(StatusCode.ADDRESS_IN_USE),
                        new BindingStatusOption(BindingStatus.FREE_BACKUP)))), reply);
    }

    @Test
    @DisplayName("RFC 8156 §7.4: a prefix with a timeout carries 134, 123 and 120 in the stand-alone IAPREFIX")
    void standalonePrefixWithTimeout() {
        Lease lease = Lease.prefix(Ipv6Address.parse("2001:db8:200::"), 48);
        Binding timed = new Binding(lease, Optional.empty(), BindingStatus.ABANDONED,
                new LeaseTimes(757300000L, 757643410L, 0, 0, 0, 757382400L, 757468800L), ClientLifetimes.NONE,
                PartnerSync.PENDING, 0, EchoedData.NONE);
        IaPrefixOption prefix = BindingUpdateBuilder.forPrefix(9, 757382412L, timed)
                .first(OptionCode.IAPREFIX, IaPrefixOption.class).orElseThrow();
        assertEquals(List.of(OptionCode.LQ_BASE_TIME, OptionCode.F_BINDING_STATUS, OptionCode.F_START_TIME_OF_STATE,
                OptionCode.F_STATE_EXPIRATION_TIME, OptionCode.F_PARTNER_LIFETIME, OptionCode.F_EXPIRATION_TIME),
                prefix.options().stream().map(DhcpOption::code).toList());
        assertEquals(Optional.of(new AbsoluteTimeOption(OptionCode.F_PARTNER_LIFETIME, 757643410L)),
                prefix.first(OptionCode.F_PARTNER_LIFETIME));
    }

    @Test
    @DisplayName("RFC 8156 §7.5.3: a BNDUPD missing LQ_BASE_TIME is refused with 18 inside its CLIENT_DATA")
    void missingInformation() {
        FailoverMessage update = FailoverMessage.of(MessageType.BNDUPD, 10, 757382412L, new ClientDataOption(List.of(
                new ClientIdOption(DUID_A), new IaOption(OptionCode.IA_NA, 1, 0, 0, List.of(new IaAddressOption(
                        ADDRESS.value(), 0, 0, List.of(new BindingStatusOption(BindingStatus.FREE),
                        new AbsoluteTimeOption(OptionCode.F_START_TIME_OF_STATE, 757382400L))))))));
        ParsedUpdate parsed = BindingUpdateParser.parse(update);
        assertEquals(StatusCode.MISSING_BINDING_INFORMATION, parsed.refusal().orElseThrow().status());
        assertTrue(parsed.refusal().orElseThrow().reason().contains("LQ_BASE_TIME"));
        assertEquals(List.of(), parsed.leases());
        FailoverMessage reply = BindingReplyBuilder.build(update, 757382413L, parsed.refusal(),
                lease -> UpdateVerdict.ACCEPTED);
        assertEquals(FailoverMessage.of(MessageType.BNDREPLY, 10, 757382413L, new ClientDataOption(List.of(
                new ClientIdOption(DUID_A), new StatusCodeOption(StatusCode.MISSING_BINDING_INFORMATION),
                new IaOption(OptionCode.IA_NA, 1, 0, 0, List.of(new IaAddressOption(ADDRESS.value(), 0, 0, List.of(
                        new BindingStatusOption(BindingStatus.FREE)))))))), reply);
    }

    @Test
    @DisplayName("RFC 8156 §7.5.3: a BNDUPD with no binding option is refused with 18 at message level")
    void noBindingOption() {
        FailoverMessage update = FailoverMessage.of(MessageType.BNDUPD, 11, 757382412L);
        ParsedUpdate parsed = BindingUpdateParser.parse(update);
        assertEquals(StatusCode.MISSING_BINDING_INFORMATION, parsed.refusal().orElseThrow().status());
        assertEquals(FailoverMessage.of(MessageType.BNDREPLY, 11, 757382413L,
                new StatusCodeOption(StatusCode.MISSING_BINDING_INFORMATION)),
                BindingReplyBuilder.build(update, 757382413L, parsed.refusal(), lease -> UpdateVerdict.ACCEPTED));
        assertThrows(IllegalArgumentException.class,
                () -> BindingReplyBuilder.build(update, 757382413L, Optional.empty(), lease -> UpdateVerdict.ACCEPTED));
        assertThrows(IllegalArgumentException.class, () -> BindingUpdateParser.parse(
                FailoverMessage.of(MessageType.BNDREPLY, 11, 757382412L)));
    }

    @Test
    @DisplayName("RFC 8156 §7.5.4, docs/protocol.md §3: a non-default VPN refuses the update with 17; VSS is echoed")
    void unknownVpn() {
        VssOption vss = new VssOption(0, OctetString.fromHex("76706e31"));
        FailoverMessage update = FailoverMessage.of(MessageType.BNDUPD, 12, 757382412L, new ClientDataOption(List.of(
                new ClientIdOption(DUID_A), new AbsoluteTimeOption(OptionCode.LQ_BASE_TIME, 757382412L), vss,
                new IaOption(OptionCode.IA_NA, 1, 0, 0, List.of(new IaAddressOption(ADDRESS.value(), 0, 0, List.of(
                        new BindingStatusOption(BindingStatus.FREE),
                        new AbsoluteTimeOption(OptionCode.F_START_TIME_OF_STATE, 757382400L))))))));
        ParsedUpdate parsed = BindingUpdateParser.parse(update);
        assertEquals(StatusCode.CONFIGURATION_CONFLICT, parsed.refusal().orElseThrow().status());
        ClientDataOption data = BindingReplyBuilder.build(update, 757382413L, parsed.refusal(),
                lease -> UpdateVerdict.ACCEPTED).first(OptionCode.CLIENT_DATA, ClientDataOption.class).orElseThrow();
        assertEquals(List.of(OptionCode.CLIENTID, OptionCode.VSS, OptionCode.STATUS_CODE, OptionCode.IA_NA),
                data.options().stream().map(DhcpOption::code).toList());
    }

    @Test
    @DisplayName("RFC 8156 §7.7, A23: a STATUS_CODE at IA level rejects the IA's leases; Success rejects nothing")
    void iaLevelRejection() {
        Lease second = Lease.address(Ipv6Address.parse("2001:db8:0:1::103"));
        FailoverMessage reply = FailoverMessage.of(MessageType.BNDREPLY, 3, 757382413L, new ClientDataOption(List.of(
                new ClientIdOption(DUID_A), new StatusCodeOption(StatusCode.SUCCESS, "fine"),
                new IaOption(OptionCode.IA_NA, 1, 0, 0, List.of(new StatusCodeOption(StatusCode.UNSPEC_FAIL),
                        new IaAddressOption(ADDRESS.value(), 0, 0, List.of()))),
                new IaOption(OptionCode.IA_NA, 2, 0, 0, List.of(new IaAddressOption(second.value(), 0, 0, List.of(
                        new BindingStatusOption(BindingStatus.ACTIVE),
                        new AbsoluteTimeOption(OptionCode.F_STATE_EXPIRATION_TIME, 757386010L),
                        new AbsoluteTimeOption(OptionCode.F_PARTNER_LIFETIME_SENT, 757643410L))))))));
        Binding secondBinding = new Binding(second, Optional.of(new BindingClient(DUID_A, IaType.IA_NA, 2)),
                BindingStatus.ACTIVE, SENT.times(), SENT.lifetimes(), PartnerSync.SENT, 0, EchoedData.NONE);
        ReplyOutcome outcome = ReplyProcessor.apply(reply,
                lease -> Optional.of(lease.equals(ADDRESS) ? SENT : secondBinding), lease -> Allocation.INDEPENDENT,
                NOW);
        assertEquals(Map.of(ADDRESS, StatusCode.UNSPEC_FAIL), outcome.rejected());
        assertEquals(1, outcome.updated().size());
        assertEquals(PartnerSync.ACKNOWLEDGED, outcome.updated().get(0).sync());
        assertEquals(second, outcome.updated().get(0).lease());
    }

    @Test
    @DisplayName("RFC 8156 §7.7: a message-level error rejects everything")
    void messageLevelRejection() throws DecodeException {
        FailoverMessage reply = FailoverMessage.of(MessageType.BNDREPLY, 3, 757382413L,
                new StatusCodeOption(StatusCode.MISSING_BINDING_INFORMATION));
        ReplyOutcome outcome = ReplyProcessor.apply(reply, lease -> Optional.of(SENT), lease -> Allocation.INDEPENDENT,
                NOW);
        assertEquals(List.of(), outcome.updated());
        assertEquals(Map.of(), outcome.rejected());
        assertThrows(IllegalArgumentException.class, () -> ReplyProcessor.apply(decode(BNDUPD),
                lease -> Optional.of(SENT), lease -> Allocation.INDEPENDENT, NOW));
    }

    @Test
    @DisplayName("RFC 8156 §7.7: an ack for an older state records the acked lifetime but keeps the lease marked")
    void staleAcknowledgement() throws DecodeException {
        Binding renewed = SENT.withTimes(SENT.times().withPartnerLifetime(757800000L));
        Binding after = ReplyProcessor.apply(decode(BNDREPLY), lease -> Optional.of(renewed),
                lease -> Allocation.INDEPENDENT, NOW).updated().get(0);
        assertEquals(new LeaseTimes(0, 757643410L, 757800000L, 757382410L, 0, 757382410L, 757386010L), after.times());
        assertEquals(PartnerSync.SENT, after.sync(), "marked; a BNDUPD about it did go out (§4.2.2.1)");

        Binding expired = SENT.withStatus(BindingStatus.EXPIRED, SENT.times().withState(757386010L, 0),
                PartnerSync.PENDING);
        Binding notFreed = ReplyProcessor.apply(decode(BNDREPLY), lease -> Optional.of(expired),
                lease -> Allocation.INDEPENDENT, NOW).updated().get(0);
        assertEquals(BindingStatus.EXPIRED, notFreed.status());
        assertEquals(PartnerSync.PENDING, notFreed.sync());
    }

    @Test
    @DisplayName("RFC 8156 §7.3: the acked partner lifetime never goes down")
    void ackedNeverLowered() throws DecodeException {
        Binding higher = SENT.withTimes(SENT.times().withAckedPartnerLifetime(757900000L));
        Binding after = ReplyProcessor.apply(decode(BNDREPLY), lease -> Optional.of(higher),
                lease -> Allocation.INDEPENDENT, NOW).updated().get(0);
        assertEquals(757900000L, after.times().ackedPartnerLifetime());
        assertEquals(0L, after.times().partnerLifetime());
    }
}
