package org.dhcpfailover.plugin.binding;

import static org.dhcpfailover.plugin.binding.Fixtures.ADDRESS;
import static org.dhcpfailover.plugin.binding.Fixtures.CLIENT_A;
import static org.dhcpfailover.plugin.binding.Fixtures.CLIENT_B;
import static org.dhcpfailover.plugin.binding.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.dhcpfailover.plugin.wire.BindingStatus;
import org.dhcpfailover.plugin.wire.ClientFqdnOption;
import org.dhcpfailover.plugin.wire.Ipv6Address;
import org.dhcpfailover.plugin.wire.OctetString;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Storing an accepted update, RFC 8156 §7.5.5 Figure 5, one field at a time. */
class UpdateStoreTest {
    /** Local: expiration-time 100, acked 200, partner-lifetime 300, CLT 400, raw CLT 500, start 600, end 700 (all + T0). */
    private static final LeaseTimes LOCAL_TIMES = new LeaseTimes(T0 + 100, T0 + 200, T0 + 300, T0 + 400, T0 + 500,
            T0 + 600, T0 + 700);
    private static final Binding LOCAL = new Binding(ADDRESS, Optional.of(CLIENT_A), BindingStatus.ACTIVE,
            LOCAL_TIMES, new ClientLifetimes(T0 + 400, 3600, 3600, 1800, 2880), PartnerSync.PENDING, 0,
            EchoedData.NONE);
    private static final ClientLifetimes RECEIVED_LIFETIMES = new ClientLifetimes(T0 + 1000, 7200, 7200, 3600, 5760);

    private static ReceivedLease update(OptionalLong stateEnd, OptionalLong clt, OptionalLong partnerLifetime,
            OptionalLong rawClt, OptionalLong expiration) {
        return new ReceivedLease(ADDRESS, Optional.of(CLIENT_B), BindingStatus.EXPIRED, T0 + 1000, stateEnd, clt,
                partnerLifetime, rawClt, expiration, RECEIVED_LIFETIMES, EchoedData.NONE);
    }

    private static Binding store(OptionalLong stateEnd, OptionalLong clt, OptionalLong partnerLifetime,
            OptionalLong rawClt, OptionalLong expiration) {
        return UpdateStore.apply(Optional.of(LOCAL), update(stateEnd, clt, partnerLifetime, rawClt, expiration));
    }

    private static OptionalLong at(long time) {
        return OptionalLong.of(time);
    }

    private static final OptionalLong NONE = OptionalLong.empty();

    @Test
    @DisplayName("§7.5.5 Figure 5: F_BINDING_STATUS -> binding-status, F_START_TIME_OF_STATE -> start-time-of-state")
    void statusAndStart() {
        Binding stored = store(NONE, NONE, NONE, NONE, NONE);
        assertEquals(BindingStatus.EXPIRED, stored.status());
        assertEquals(T0 + 1000, stored.times().startTimeOfState());
    }

    @Test
    @DisplayName("§7.5.5 Figure 5: F_PARTNER_LIFETIME -> expiration-time, always (even if earlier)")
    void partnerLifetimeToExpirationTime() {
        assertEquals(T0 + 50, store(NONE, NONE, at(T0 + 50), NONE, NONE).times().expirationTime());
        assertEquals(T0 + 90000, store(NONE, NONE, at(T0 + 90000), NONE, NONE).times().expirationTime());
        assertEquals(T0 + 100, store(NONE, NONE, NONE, NONE, NONE).times().expirationTime());
    }

    @Test
    @DisplayName("§7.5.5 Figure 5: F_STATE_EXPIRATION_TIME -> state-expiration-time; absent means no timeout (0)")
    void stateExpiration() {
        assertEquals(T0 + 4600, store(at(T0 + 4600), NONE, NONE, NONE, NONE).times().stateExpirationTime());
        assertEquals(0L, store(NONE, NONE, NONE, NONE, NONE).times().stateExpirationTime());
    }

    @Test
    @DisplayName("§7.5.5 Figure 5, A15: CLT_TIME -> partner-raw-clt-time, unadjusted, even if earlier")
    void cltToPartnerRawClt() {
        assertEquals(T0 + 10, store(NONE, at(T0 + 10), NONE, NONE, NONE).times().partnerRawCltTime());
        assertEquals(T0 + 500, store(NONE, NONE, NONE, NONE, NONE).times().partnerRawCltTime());
    }

    @Test
    @DisplayName("§7.5.5 Figure 5: F_PARTNER_RAW_CLT_TIME -> client-last-transaction-time only if later")
    void rawCltToClt() {
        assertEquals(T0 + 401, store(NONE, NONE, NONE, at(T0 + 401), NONE).times().clientLastTransactionTime());
        assertEquals(T0 + 400, store(NONE, NONE, NONE, at(T0 + 399), NONE).times().clientLastTransactionTime());
        assertEquals(T0 + 400, store(NONE, NONE, NONE, NONE, NONE).times().clientLastTransactionTime());
    }

    @Test
    @DisplayName("§7.5.5 Figure 5: F_EXPIRATION_TIME -> partner-lifetime only if later; 0 (nothing acked) never")
    void expirationToPartnerLifetime() {
        assertEquals(T0 + 301, store(NONE, NONE, NONE, NONE, at(T0 + 301)).times().partnerLifetime());
        assertEquals(T0 + 300, store(NONE, NONE, NONE, NONE, at(T0 + 299)).times().partnerLifetime());
        assertEquals(T0 + 300, store(NONE, NONE, NONE, NONE, at(0)).times().partnerLifetime());
    }

    @Test
    @DisplayName("§7.3: acked-partner-lifetime is this server's own and is kept; the stored lease is in step (not marked)")
    void keptAndUnmarked() {
        Binding stored = store(NONE, NONE, NONE, NONE, NONE);
        assertEquals(T0 + 200, stored.times().ackedPartnerLifetime());
        assertEquals(PartnerSync.ACKNOWLEDGED, stored.sync());
    }

    @Test
    @DisplayName("§7.5.5 step 1-2: client, lifetimes and echoed data come from the update")
    void clientData() {
        EchoedData echoed = new EchoedData(List.of(),
                List.of(new ClientFqdnOption(0, OctetString.fromHex("04686f737400"))));
        ReceivedLease update = new ReceivedLease(ADDRESS, Optional.of(CLIENT_B), BindingStatus.ACTIVE, T0 + 1000,
                NONE, NONE, NONE, NONE, NONE, RECEIVED_LIFETIMES, echoed);
        Binding stored = UpdateStore.apply(Optional.of(LOCAL), update);
        assertEquals(Optional.of(CLIENT_B), stored.client());
        assertEquals(RECEIVED_LIFETIMES, stored.lifetimes());
        assertEquals(echoed, stored.echoed());
    }

    @Test
    @DisplayName("§7.5.5: an unknown lease is created from the update alone")
    void newLease() {
        Binding stored = UpdateStore.apply(Optional.empty(), update(at(T0 + 4600), at(T0 + 990), at(T0 + 261000),
                at(T0 + 980), at(0)));
        assertEquals(new LeaseTimes(T0 + 261000, 0, 0, T0 + 980, T0 + 990, T0 + 1000, T0 + 4600), stored.times());
        assertEquals(Optional.of(CLIENT_B), stored.client());
    }

    @Test
    @DisplayName("§7.5.5 stand-alone IAPREFIX: status and times stored, last client and lifetimes kept")
    void standalonePrefix() {
        Lease prefix = Lease.prefix(Ipv6Address.parse("2001:db8:1::"), 48);
        Binding local = new Binding(prefix, Optional.of(CLIENT_A), BindingStatus.FREE, LOCAL_TIMES,
                new ClientLifetimes(T0, 1, 2, 3, 4), PartnerSync.ACKNOWLEDGED, 0, EchoedData.NONE);
        ReceivedLease update = new ReceivedLease(prefix, Optional.empty(), BindingStatus.FREE_BACKUP, T0 + 1000,
                NONE, NONE, NONE, NONE, at(T0 + 900), ClientLifetimes.NONE, EchoedData.NONE);
        Binding stored = UpdateStore.apply(Optional.of(local), update);
        assertEquals(BindingStatus.FREE_BACKUP, stored.status());
        assertEquals(Optional.of(CLIENT_A), stored.client());
        assertEquals(new ClientLifetimes(T0, 1, 2, 3, 4), stored.lifetimes());
        assertEquals(new LeaseTimes(T0 + 100, T0 + 200, T0 + 900, T0 + 400, T0 + 500, T0 + 1000, 0), stored.times());
    }
}
