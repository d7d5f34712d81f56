package org.dhcpfailover.plugin.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/** An element of "failover" as written, before the rules that involve several keys. */
record RelationshipSection(
        @NotBlank(message = REQUIRED) String name,
        @NotBlank(message = REQUIRED) String thisServerName,
        @NotNull(message = "is required: primary or secondary") Role role,
        @NotNull(message = REQUIRED) @Valid PartnerSection partner,
        @NotNull(message = REQUIRED) @Valid FailoverListenSection listen,
        @Min(value = 30, message = MCLT) @Max(value = 4294967295L, message = MCLT) Long mclt,
        @Min(value = 1, message = UNACKED) @Max(value = 1000, message = UNACKED)
                Long maxUnackedBndupd,
        @Min(value = 4, message = KEEPALIVE) @Max(value = 3600, message = KEEPALIVE)
                Long keepaliveTime,
        @Min(value = 1, message = STARTUP) @Max(value = 600, message = STARTUP) Long startupTime,
        @Min(value = 1, message = AUTO_PARTNER_DOWN)
                @Max(value = 604800, message = AUTO_PARTNER_DOWN)
                Long autoPartnerDownDelay,
        @Min(value = 1, message = CONNECT_WAIT) @Max(value = 600, message = CONNECT_WAIT) Long connectWait,
        @Min(value = ConnectionLimits.MIN_MAX_MESSAGE_SIZE, message = MAX_MESSAGE_SIZE)
                @Max(value = ConnectionLimits.DEFAULT_MAX_MESSAGE_SIZE, message = MAX_MESSAGE_SIZE)
                Long maxMessageSize,
        @NotEmpty(
                        message =
                                "must list at least one pool: a relationship protects the pools it names")
                @Valid
                List<@NotNull(message = REQUIRED) PoolReferenceSection> pools,
        @Valid TlsSection tls) {

    static final String REQUIRED = "is required";
    static final String MCLT =
            "must be at least 30 seconds (and at most 4294967295): a first lease lasts one MCLT, "
                    + "and RFC 8156 §1 forbids new leases shorter than 30 s under failover";
    static final String UNACKED =
            "must be from 1 to 1000 binding updates in flight (RFC 8156 §5.5.5)";
    static final String KEEPALIVE =
            "must be from 4 to 3600 seconds; the partner sends a CONTACT every quarter of it "
                    + "(RFC 8156 §6.5)";
    static final String STARTUP =
            "must be from 1 to 600 seconds: long enough to connect to a busy partner, short "
                    + "enough not to delay service (RFC 8156 §8.3.2)";
    static final String CONNECT_WAIT =
            "must be from 1 to 600 seconds: how long a connection from the partner's address may "
                    + "stay open without sending its CONNECT (RFC 8156 §10, RFC 7031 S8)";
    static final String MAX_MESSAGE_SIZE =
            "must be from 1024 to 65535 octets: the largest message accepted from the partner "
                    + "(RFC 8156 §5.1 frames at most 65535)";
    static final String AUTO_PARTNER_DOWN =
            "must be from 1 to 604800 seconds (7 days), or be left out to keep "
                    + "automatic PARTNER-DOWN off";
}
