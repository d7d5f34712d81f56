package org.dhcpfailover.plugin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;

import org.dhcpfailover.config.ConfigurationReader;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

class FailoverParametersParserTest {

    private static final String AT = "Dhcp6.hooks-libraries[0].parameters";

    private static final List<HostPool> HOST_POOLS =
            List.of(
                    pool(
                            "lan-addresses",
                            PoolKind.IPV6_ADDRESS,
                            7200,
                            "2001:db8:1::1000",
                            "2001:db8:1::1fff"),
                    pool(
                            "lan-prefixes",
                            PoolKind.IPV6_PREFIX,
                            7200,
                            "2001:db8:100::",
                            "2001:db8:100:ffff:ffff:ffff:ffff:ffff"),
                    pool(
                            "lab-addresses",
                            PoolKind.IPV6_ADDRESS,
                            1800,
                            "2001:db8:2::1000",
                            "2001:db8:2::1fff"),
                    pool("v4-pool", PoolKind.IPV4_ADDRESS, 7200, "10.99.0.100", "10.99.0.199"),
                    pool("v4-lab", PoolKind.IPV4_ADDRESS, 7200, "10.99.1.100", "10.99.1.199"));

    private static final String VALID =
            """
      { "failover": [ {
          "name": "failover-1",
          "this-server-name": "server1",
          "role": "primary",
          "partner": { "name": "server2", "address": "fd00:99::2" },
          "listen": { "address": "fd00:99::1" },
          "pools": [ { "name": "lan-addresses" }, { "name": "lan-prefixes", "secondary-share": 30 } ]
        }, {
          "name": "failover-2",
          "this-server-name": "server1",
          "role": "secondary",
          "partner": { "name": "server3", "address": "10.99.0.3", "port": 6470 },
          "listen": { "address": "10.99.0.1", "port": 6471 },
          "mclt": 600, "max-unacked-bndupd": 100, "keepalive-time": 30, "startup-time": 5,
          "auto-partner-down-delay": 7200, "connect-wait": 5, "max-message-size": 4096,
          "pools": [ { "name": "v4-pool", "rebalance-threshold": 10 }, { "name": "v4-lab", "allocation": "independent" } ]
        } ] }
      """;

    private static HostPool pool(
            String name, PoolKind kind, long valid, String first, String last) {
        try {
            return new HostPool(
                    name, kind, valid, InetAddress.getByName(first), InetAddress.getByName(last));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode json(String text) {
        return ConfigurationReader.read(text).orElseThrow();
    }

    private static List<String> errorsOf(String text) {
        return FailoverParametersParser.parse(json(text), AT, HOST_POOLS).errors().stream()
                .map(Object::toString)
                .toList();
    }

    /** The errors of the valid sample with the first {@code from} replaced by {@code to}. */
    private static List<String> errorsWith(String from, String to) {
        if (!VALID.contains(from)) {
            throw new IllegalArgumentException(from);
        }
        return errorsOf(VALID.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
    }

    @Test
    void readsRelationshipsWithDefaultsResolved() throws Exception {
        FailoverParameters parameters =
                FailoverParametersParser.parse(json(VALID), AT, HOST_POOLS).orElseThrow();
        RelationshipConfig first = parameters.relationship("failover-1").orElseThrow();
        assertEquals(Role.PRIMARY, first.role());
        assertEquals(
                new InetSocketAddress(InetAddress.getByName("fd00:99::2"), 647),
                first.partnerAddress());
        assertEquals(
                new InetSocketAddress(InetAddress.getByName("fd00:99::1"), 647),
                first.listenAddress());
        assertEquals(Duration.ofSeconds(3600), first.mclt());
        assertEquals(10, first.maxUnackedBndupd());
        assertEquals(Duration.ofSeconds(60), first.keepaliveTime());
        assertEquals(Duration.ofSeconds(10), first.startupTime());
        assertEquals(Optional.empty(), first.autoPartnerDownDelay());
        assertEquals(new ConnectionLimits(Duration.ofSeconds(30), 65535), first.limits());
        assertEquals(
                List.of(
                        new PoolAssignment(
                                "lan-addresses",
                                PoolKind.IPV6_ADDRESS,
                                Allocation.INDEPENDENT,
                                OptionalInt.empty(),
                                OptionalInt.empty()),
                        new PoolAssignment(
                                "lan-prefixes",
                                PoolKind.IPV6_PREFIX,
                                Allocation.PROPORTIONAL,
                                OptionalInt.of(30),
                                OptionalInt.of(5))),
                first.pools());
        RelationshipConfig second = parameters.relationships().get(1);
        assertEquals(Role.SECONDARY, second.role());
        assertEquals(6470, second.partnerAddress().getPort());
        assertEquals(Duration.ofSeconds(600), second.mclt());
        assertEquals(100, second.maxUnackedBndupd());
        assertEquals(Optional.of(Duration.ofHours(2)), second.autoPartnerDownDelay());
        assertEquals(new ConnectionLimits(Duration.ofSeconds(5), 4096), second.limits());
        assertEquals(
                List.of(
                        new PoolAssignment(
                                "v4-pool",
                                PoolKind.IPV4_ADDRESS,
                                Allocation.PROPORTIONAL,
                                OptionalInt.of(50),
                                OptionalInt.of(10)),
                        new PoolAssignment(
                                "v4-lab",
                                PoolKind.IPV4_ADDRESS,
                                Allocation.INDEPENDENT,
                                OptionalInt.empty(),
                                OptionalInt.empty())),
                second.pools());
    }

    @Test
    void reportsEveryProblemOfTheFailoverParametersInOneRun() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].keepalive-time: must be from 4 to 3600 seconds; the partner sends a CONTACT every quarter "
                                + "of it (RFC 8156 §6.5)",
                        AT
                                + ".failover[0].mclt: must be at least 30 seconds (and at most 4294967295): a first lease lasts one MCLT, "
                                + "and RFC 8156 §1 forbids new leases shorter than 30 s under failover",
                        AT + ".failover[0].partner.port: must be a port number from 1 to 65535",
                        AT + ".failover[0].role: \"primry\" is not one of: primary, secondary",
                        AT + ".failover[0].this-server-name: is required",
                        AT
                                + ".failover[0].pools[1].name: no host pool is named \"lan-prefix\"; a relationship names pools defined in "
                                + "the host's \"pools\" or \"pd-pools\""),
                errorsOf(
                        """
            { "failover": [ {
                "name": "failover-1", "role": "primry", "mclt": 10, "keepalive-time": 1,
                "partner": { "name": "server2", "address": "fd00:99::2", "port": 70000 },
                "listen": { "address": "fd00:99::1" },
                "pools": [ { "name": "lan-addresses" }, { "name": "lan-prefix" } ] } ] }
            """));
    }

    @Test
    void anUnknownKeyIsReportedAsATypo() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].mclt-seconds: unknown key (check the spelling; keys are lower case with dashes)"),
                errorsWith(
                        "\"role\": \"primary\",", "\"role\": \"primary\", \"mclt-seconds\": 60,"));
    }

    @Test
    void anEmptyFailoverListIsRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover: must list at least one relationship; without one, remove the failover "
                                + "library from hooks-libraries"),
                errorsOf("{ \"failover\": [] }"));
    }

    @Test
    void thePoolOfAnotherRelationshipIsRejected_RFC7031_R2() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[1].pools[0].name: pool \"lan-addresses\" is already covered by relationship "
                                + "\"failover-1\" ("
                                + AT
                                + ".failover[0].pools[0]); a pool takes part in at most one failover relationship "
                                + "(RFC 7031 R2, RFC 8156 §6.2)"),
                errorsWith("{ \"name\": \"v4-pool\", \"rebalance-threshold\": 10 }", "{ \"name\": \"lan-addresses\" }"));
    }

    @Test
    void aPoolListedTwiceInOneRelationshipIsRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].pools[1].name: pool \"lan-addresses\" is listed twice in this relationship "
                                + "(also at "
                                + AT
                                + ".failover[0].pools[0])"),
                errorsWith(
                        "{ \"name\": \"lan-prefixes\", \"secondary-share\": 30 }",
                        "{ \"name\": \"lan-addresses\" }"));
    }

    @Test
    void twoRelationshipsWithOneNameAreRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[1].name: relationship name \"failover-1\" is already used by "
                                + AT
                                + ".failover[0]; the partner selects a relationship by its name (RFC 8156 §6.2), so names must be unique"),
                errorsWith("\"name\": \"failover-2\"", "\"name\": \"failover-1\""));
    }

    @Test
    void aRelationshipNameLongerThan255OctetsIsRejected() {
        String name = "é".repeat(128);
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].name: is 256 octets long in UTF-8; a relationship name, sent in every "
                                + "CONNECT (RFC 8156 §5.5.14), is at most 255 octets"),
                errorsWith("\"name\": \"failover-1\"", "\"name\": \"" + name + "\""));
    }

    @Test
    void anMcltLongerThanACoveredPoolsValidLifetimeIsRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].mclt: the MCLT (3600 s) is longer than the valid lifetime (1800 s) of pool "
                                + "\"lab-addresses\"; the MCLT bounds how far a lease may run ahead of what the partner knows and is meant to "
                                + "be much shorter than the lease lifetime (RFC 8156 §4.4)"),
                errorsWith("{ \"name\": \"lan-addresses\" }", "{ \"name\": \"lab-addresses\" }"));
    }

    @Test
    void thePartnersAddressMayNotBeThisServersOwn() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].partner.address: is this server's own failover address (listen.address); "
                                + "the same address for both servers means this server would connect to itself, and the partner is "
                                + "recognised by its address (RFC 8156 §6.1, §6.2)"),
                errorsWith("\"address\": \"fd00:99::2\"", "\"address\": \"fd00:99:0::1\""));
    }

    @Test
    void thePartnersNameMayNotBeThisServersOwn() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].partner.name: is the same as this-server-name; the partner is the other "
                                + "server of the pair (RFC 7031 R1)"),
                errorsWith("\"name\": \"server2\"", "\"name\": \"server1\""));
    }

    @Test
    void proportionalAllocationOfIpv6AddressesIsRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].pools[0].allocation: \"proportional\" does not apply to an IPv6 address "
                                + "pool (\"lan-addresses\"): IPv6 addresses are plentiful and are split by their lowest bit (RFC 8156 §4.2.1); "
                                + "leave \"allocation\" out"),
                errorsWith(
                        "{ \"name\": \"lan-addresses\" }",
                        "{ \"name\": \"lan-addresses\", \"allocation\": \"proportional\" }"));
    }

    @Test
    void independentAllocationOfDelegablePrefixesIsRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].pools[1].allocation: \"independent\" does not apply to a delegable prefix "
                                + "pool (\"lan-prefixes\"): delegable prefixes are scarce and are shared out by the primary (RFC 8156 §4.2.2); "
                                + "leave \"allocation\" out"),
                errorsWith("\"secondary-share\": 30", "\"allocation\": \"independent\""));
    }

    @Test
    void aSecondaryShareForAnIndependentPoolIsRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[1].pools[1].secondary-share: applies only to proportional allocation; pool "
                                + "\"v4-lab\" uses independent allocation, which splits addresses by their lowest bit (RFC 8156 §4.2.1.1)"),
                errorsWith(
                        "\"allocation\": \"independent\"",
                        "\"allocation\": \"independent\", \"secondary-share\": 10"));
    }

    @Test
    void aSecondaryShareOutside0To100IsRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[0].pools[1].secondary-share: must be a percentage from 0 to 100"),
                errorsWith("\"secondary-share\": 30", "\"secondary-share\": 101"));
    }

    @Test
    void aRebalanceThresholdForAnIndependentPoolIsRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[1].pools[1].rebalance-threshold: applies only to proportional allocation; pool "
                                + "\"v4-lab\" uses independent allocation, which splits addresses by their lowest bit (RFC 8156 §4.2.1.1)"),
                errorsWith(
                        "\"allocation\": \"independent\"",
                        "\"allocation\": \"independent\", \"rebalance-threshold\": 10"));
    }

    @Test
    void aRebalanceThresholdOutside1To100IsRejected() {
        assertEquals(
                List.of(AT + ".failover[1].pools[0].rebalance-threshold: must be a percentage from 1 to 100"),
                errorsWith("\"rebalance-threshold\": 10", "\"rebalance-threshold\": 0"));
    }

    @Test
    void anAutoPartnerDownDelayOfZeroIsRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[1].auto-partner-down-delay: must be from 1 to 604800 seconds (7 days), or be "
                                + "left out to keep automatic PARTNER-DOWN off"),
                errorsWith("\"auto-partner-down-delay\": 7200", "\"auto-partner-down-delay\": 0"));
    }

    @Test
    void aConnectWaitOutside1To600SecondsIsRejected_rfc7031_S8() {
        String reason = ".failover[1].connect-wait: must be from 1 to 600 seconds: how long a connection from the "
                + "partner's address may stay open without sending its CONNECT (RFC 8156 §10, RFC 7031 S8)";
        assertEquals(List.of(AT + reason), errorsWith("\"connect-wait\": 5", "\"connect-wait\": 0"));
        assertEquals(List.of(AT + reason), errorsWith("\"connect-wait\": 5", "\"connect-wait\": 601"));
    }

    @Test
    void aMaxMessageSizeOutside1024To65535OctetsIsRejected_rfc7031_S8() {
        String reason = ".failover[1].max-message-size: must be from 1024 to 65535 octets: the largest message "
                + "accepted from the partner (RFC 8156 §5.1 frames at most 65535)";
        assertEquals(List.of(AT + reason), errorsWith("\"max-message-size\": 4096", "\"max-message-size\": 1023"));
        assertEquals(List.of(AT + reason), errorsWith("\"max-message-size\": 4096", "\"max-message-size\": 65536"));
    }

    @Test
    void aMissingPartnerAndAnInvalidListenAddressAreRejected() {
        assertEquals(
                List.of(
                        AT
                                + ".failover[1].listen.address: \"10.99.0.300\" is not an IPv6 or IPv4 address",
                        AT + ".failover[1].partner: is required"),
                errorsWith(
                        "\"partner\": { \"name\": \"server3\", \"address\": \"10.99.0.3\", \"port\": 6470 },\n"
                                + "    \"listen\": { \"address\": \"10.99.0.1\"",
                        "\"listen\": { \"address\": \"10.99.0.300\""));
    }

    @Test
    void parametersThatAreNotAnObjectAreRejected() {
        assertEquals(
                List.of(AT + ": must be an object holding \"failover\", the list of relationships"),
                errorsOf("[]"));
    }
}
