package org.dhcpfailover.pair;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Reads a running host's failover status through JMX, the way an operator's tool would: attaches
 * to the host's JVM by PID (the JDK's local management agent, no port to configure) and reads the
 * {@code org.dhcpfailover:type=FailoverRelationship,*} MXBeans.
 */
public final class JmxStatus implements AutoCloseable {

    private final JMXConnector connector;
    private final MBeanServerConnection server;

    private JmxStatus(JMXConnector connector) throws IOException {
        this.connector = connector;
        this.server = connector.getMBeanServerConnection();
    }

    /** Attaches to the JVM with process id {@code pid}. */
    public static JmxStatus attach(long pid) throws IOException {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            try {
                String address = vm.startLocalManagementAgent();
                return new JmxStatus(JMXConnectorFactory.connect(new JMXServiceURL(address)));
            } finally {
                vm.detach();
            }
        } catch (com.sun.tools.attach.AttachNotSupportedException e) {
            throw new IOException("cannot attach to process " + pid + ": " + e.getMessage(), e);
        }
    }

    /** Invokes the relationship's operation {@code operation} (no arguments), e.g. {@code partnerDown}. */
    public void invoke(String name, String operation) throws IOException {
        try {
            server.invoke(bean(name), operation, null, null);
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(operation + " refused: " + (e.getCause() != null ? e.getCause().getMessage()
                    : e.getMessage()), e);
        }
    }

    private ObjectName bean(String name) throws IOException, javax.management.MalformedObjectNameException {
        Set<ObjectName> names = server.queryNames(
                new ObjectName("org.dhcpfailover:type=FailoverRelationship,name=" + name + ",*"), null);
        if (names.isEmpty()) {
            throw new IOException("no MXBean for relationship " + name);
        }
        return names.iterator().next();
    }

    /** Every attribute of the relationship's MXBean, by name. */
    public Map<String, Object> relationship(String name) throws IOException {
        try {
            ObjectName bean = bean(name);
            Map<String, Object> attributes = new LinkedHashMap<>();
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(bean).getAttributes()) {
                attributes.put(attribute.getName(), server.getAttribute(bean, attribute.getName()));
            }
            return attributes;
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("cannot read relationship " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
