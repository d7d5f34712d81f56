package org.dhcpfailover.plugin.hook;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.dhcpfailover.plugin.config.FailoverParameters;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.LogMessage;
import org.dhcpfailover.plugin.service.FailoverService;

/**
 * The JMX status beans of a running hook, one per relationship, on the platform MBean server
 * as {@code org.dhcpfailover:type=FailoverRelationship,server=<this-server-name>,name=<relationship>}.
 * The server key keeps the two partners of a pair apart when both run in one JVM (tests,
 * demonstrations). A bean that cannot be registered is logged and left out: monitoring must
 * not stop failover.
 */
final class RelationshipMBeans {
    static final String DOMAIN = "org.dhcpfailover";
    /** What an ObjectName value may hold unquoted. */
    private static final Pattern PLAIN_VALUE = Pattern.compile("[^,=:\"*?\\\\\\n]+");

    private final MBeanServer server;
    private final List<ObjectName> registered;

    private RelationshipMBeans(MBeanServer server, List<ObjectName> registered) {
        this.server = server;
        this.registered = registered;
    }

    /** Registers a bean per relationship of {@code service}. */
    static RelationshipMBeans register(FailoverService service, FailoverParameters parameters, Clock clock,
            CatalogLogger log) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        List<ObjectName> registered = new ArrayList<>();
        for (RelationshipConfig relationship : parameters.relationships()) {
            String name = DOMAIN + ":type=FailoverRelationship,server=" + value(relationship.thisServerName())
                    + ",name=" + value(relationship.name());
            try {
                ObjectName objectName = new ObjectName(name);
                server.registerMBean(new FailoverRelationshipStatus(service, relationship, clock), objectName);
                registered.add(objectName);
            } catch (JMException e) {
                log.log(LogMessage.FO_JMX_NOT_REGISTERED, relationship.name(), name, e.toString());
            }
        }
        return new RelationshipMBeans(server, registered);
    }

    /** The name's value, quoted if it holds a character an ObjectName value cannot hold plainly. */
    static String value(String raw) {
        return PLAIN_VALUE.matcher(raw).matches() ? raw : ObjectName.quote(raw);
    }

    /** Removes every bean this registered; beans already gone are skipped. */
    void unregister() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (JMException e) {
                // Gone already (someone unregistered it): nothing left to remove.
            }
        }
        registered.clear();
    }
}
