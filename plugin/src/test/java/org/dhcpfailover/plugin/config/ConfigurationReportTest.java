package org.dhcpfailover.plugin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dhcpfailover.config.ConfigurationReader;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** What an operator reads in the host's log when the plugin starts or refuses to. */
class ConfigurationReportTest {

    private static final String AT = "Dhcp6.hooks-libraries[0].parameters";

    private final RecordingLogger backend = new RecordingLogger(Level.DEBUG);

    private static List<HostPool> pools() throws UnknownHostException {
        return List.of(
                new HostPool(
                        "lan-addresses",
                        PoolKind.IPV6_ADDRESS,
                        7200,
                        InetAddress.getByName("2001:db8:1::1000"),
                        InetAddress.getByName("2001:db8:1::1fff")));
    }

    private List<String> report(String parameters) throws UnknownHostException {
        ConfigurationReport.log(
                FailoverParametersParser.parse(
                        ConfigurationReader.read(parameters).orElseThrow(), AT, pools()),
                CatalogLogger.wrap(backend));
        return backend.lines.stream().map(l -> l.level() + " " + l.text()).toList();
    }

    @Test
    void anAcceptedRelationshipIsLoggedWithWhatAPartnerMustMirror() throws UnknownHostException {
        assertEquals(
                List.of(
                        "INFO FO_CONFIG_ACCEPTED failover-1: relationship configured: this server "
                                + "server1 is primary of partner server2 at [fd00:99::2]:647, MCLT 3600 s, pools [lan-addresses]"),
                report(
                        """
            { "failover": [ { "name": "failover-1", "this-server-name": "server1", "role": "primary",
              "partner": { "name": "server2", "address": "fd00:99::2" },
              "listen": { "address": "fd00:99::1" }, "pools": [ { "name": "lan-addresses" } ] } ] }
            """));
    }

    @Test
    void everyErrorIsOneLineNamingTheRelationshipByItsPlace() throws UnknownHostException {
        assertEquals(
                List.of(
                        "ERROR FO_CONFIG_REJECTED failover[0]: invalid failover configuration: "
                                + AT
                                + ".failover[0].mclt: must be at least 30 seconds (and at most 4294967295): a first lease "
                                + "lasts one MCLT, and RFC 8156 §1 forbids new leases shorter than 30 s under failover",
                        "ERROR FO_CONFIG_REJECTED failover[0]: invalid failover configuration: "
                                + AT
                                + ".failover[0].pools[0].name: no host pool is named \"nowhere\"; a relationship names "
                                + "pools defined in the host's \"pools\" or \"pd-pools\""),
                report(
                        """
            { "failover": [ { "name": "failover-1", "this-server-name": "server1", "role": "primary",
              "partner": { "name": "server2", "address": "fd00:99::2" }, "mclt": 10,
              "listen": { "address": "fd00:99::1" }, "pools": [ { "name": "nowhere" } ] } ] }
            """));
    }

    @Test
    void anErrorOutsideAnyRelationshipNamesTheFailoverList() throws UnknownHostException {
        assertEquals(
                List.of(
                        "ERROR FO_CONFIG_REJECTED failover: invalid failover configuration: "
                                + AT
                                + ".failover: must list at least one relationship; without one, remove the failover "
                                + "library from hooks-libraries"),
                report("{ \"failover\": [] }"));
    }
}
