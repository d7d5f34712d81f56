package org.dhcpfailover.plugin.hook;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.dhcpfailover.config.ConfigurationError;
import org.dhcpfailover.config.ConfigurationReader;
import org.dhcpfailover.config.ConfigurationResult;
import org.dhcpfailover.hook.spi.Hook;
import org.dhcpfailover.hook.spi.HookConfigurationException;
import org.dhcpfailover.hook.spi.HookContext;
import org.dhcpfailover.hook.spi.HookFactory;
import org.dhcpfailover.plugin.allocation.PoolSet;
import org.dhcpfailover.plugin.config.ConfigurationReport;
import org.dhcpfailover.plugin.config.FailoverParameters;
import org.dhcpfailover.plugin.config.FailoverParametersParser;
import org.dhcpfailover.plugin.config.HostPool;
import org.dhcpfailover.plugin.log.CatalogLogger;

/**
 * The failover hook library's entry point, found by the host's {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.dhcpfailover.hook.spi.HookFactory}). {@link #create} validates
 * the library's parameters against the host's pools — every problem at once, each with its
 * JSON path below the host's path of the parameters — and builds the hook without opening
 * anything.
 */
public final class FailoverHookFactory implements HookFactory {
    /** The name hosts show in their logs. */
    public static final String NAME = "dhcp-failover";

    private final CatalogLogger log;

    /** For {@link java.util.ServiceLoader}: lines go to the host's slf4j under this hook's logger. */
    public FailoverHookFactory() {
        this(CatalogLogger.forClass(FailoverHook.class));
    }

    FailoverHookFactory(CatalogLogger log) {
        this.log = log;
    }

    @Override
    public int spiVersion() {
        return SPI_VERSION;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Validates the parameters (one FO_CONFIG_ACCEPTED line per relationship, or one
     * FO_CONFIG_REJECTED line per problem) and builds the hook.
     *
     * @throws HookConfigurationException with one {@code "<json path>: <reason>"} per problem
     */
    @Override
    public Hook create(HookContext context) throws HookConfigurationException {
        String at = context.parametersPath();
        List<HostPool> hostPools;
        try {
            hostPools = PoolSpecs.hostPools(context.pools());
        } catch (IllegalArgumentException e) {
            throw new HookConfigurationException(List.of(at + ": the host's pools cannot be used: " + e.getMessage()));
        }
        ConfigurationResult<JsonNode> json = ConfigurationReader.read(context.parametersJson());
        if (!json.isValid()) {
            throw new HookConfigurationException(json.errors().stream()
                    .map(error -> (error.path().isEmpty() ? at : at + "." + error.path()) + ": " + error.reason())
                    .toList());
        }
        ConfigurationResult<FailoverParameters> result = FailoverParametersParser.parse(json.orElseThrow(), at,
                hostPools);
        ConfigurationReport.log(result, log);
        if (!result.isValid()) {
            throw new HookConfigurationException(result.errors().stream().map(ConfigurationError::toString).toList());
        }
        FailoverParameters parameters = result.orElseThrow();
        Map<String, PoolSet> pools;
        try {
            pools = PoolSpecs.poolSets(parameters, context.pools());
        } catch (IllegalArgumentException e) {
            throw new HookConfigurationException(List.of(at + ": the host's pools cannot be used: " + e.getMessage()));
        }
        return new FailoverHook(context, parameters, pools, log);
    }
}
