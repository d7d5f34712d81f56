package org.dhcpfailover.plugin.config;

import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.dhcpfailover.config.ConfigurationError;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;

/**
 * Tells the operator, through the host's log, what the plugin made of its parameters: one
 * FO_CONFIG_ACCEPTED line per relationship it will serve, or one FO_CONFIG_REJECTED line per
 * error when it refuses to start.
 */
public final class ConfigurationReport {

    private static final Pattern RELATIONSHIP_IN_PATH = Pattern.compile("(failover\\[\\d+])");

    private ConfigurationReport() {
    }

    public static void log(ConfigurationResult<FailoverParameters> result, CatalogLogger log) {
        if (!result.isValid()) {
            for (ConfigurationError error : result.errors()) {
                log.log(LogMessage.FO_CONFIG_REJECTED, subject(error), error.toString());
            }
            return;
        }
        for (RelationshipConfig r : result.orElseThrow().relationships()) {
            log.log(LogMessage.FO_CONFIG_ACCEPTED, r.name(), r.thisServerName(),
                    r.role().name().toLowerCase(Locale.ROOT), r.partnerName(),
                    hostAndPort(r.partnerAddress()), r.mclt().toSeconds(),
                    r.pools().stream().map(PoolAssignment::poolName).collect(Collectors.joining(", ", "[", "]")));
        }
    }

    /** {@code [fd00:99::2]:647} or {@code 10.99.0.2:647}, the way operators write addresses. */
    static String hostAndPort(InetSocketAddress address) {
        return HostAndPort.fromParts(InetAddresses.toAddrString(address.getAddress()), address.getPort()).toString();
    }

    /**
     * The relationship an error is about, as its place in the list: its name may be the very
     * thing that is wrong.
     */
    private static String subject(ConfigurationError error) {
        Matcher m = RELATIONSHIP_IN_PATH.matcher(error.path());
        return m.find() ? m.group(1) : "failover";
    }
}
