package org.dhcpfailover.host.control;

import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.AlreadyBoundException;
import java.rmi.server.RMIClientSocketFactory;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.management.remote.rmi.RMIJRMPServerImpl;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManager;
import javax.rmi.ssl.SslRMIClientSocketFactory;
import org.dhcpfailover.config.PrivateFiles;
import org.dhcpfailover.host.config.ControlConfig;
import org.dhcpfailover.host.config.ControlTls;
import org.dhcpfailover.host.launch.HostLauncher.StartException;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * The host's JMX connector for operators ({@code control} in the configuration): the platform
 * MBean server, where the failover hook publishes its relationship MXBeans, served over RMI on
 * one port bound to the configured address, with the JDK's own password authentication and
 * read-only / read-write access file — what {@code com.sun.management.jmxremote} does, but
 * bound to one address and configured with the host. No new library: {@code javax.management.remote}.
 *
 * <p>With {@code tls}, the registry and the connector both speak TLS, as the JDK's agent does with
 * {@code com.sun.management.jmxremote.ssl} and {@code registry.ssl}: the server sockets present the
 * key store's certificate (and demand a client certificate with {@code need-client-auth}), and
 * clients are told to connect with the JDK's {@link SslRMIClientSocketFactory}, so that jconsole
 * and failoverctl need nothing but a trust store. The connector's stub is bound into the registry
 * in process, not over the network, as the JDK's agent does too.
 *
 * <p>Like the JDK's agent, it refuses to start when the password file is missing or readable by
 * anyone but its owner (the file holds the passwords), or the access file is missing. It also
 * refuses a plaintext connector on an address other than loopback unless the configuration says
 * {@code allow-plaintext}: the password and every operation would cross the network in clear.
 */
public final class ControlServer implements AutoCloseable {

    private static final HostLog LOG = HostLog.forClass(ControlServer.class);

    private final JMXConnectorServer server;
    private final Registry registry;
    private final JMXServiceURL url;

    private ControlServer(JMXConnectorServer server, Registry registry, JMXServiceURL url) {
        this.server = server;
        this.registry = registry;
        this.url = url;
    }

    /**
     * Checks the files and opens the connector.
     *
     * @throws StartException if a file is missing or not private, the key store does not open, a
     *         plaintext connector is not allowed on the address, or the port cannot be bound
     */
    public static ControlServer start(ControlConfig config) throws StartException {
        checkPasswordFile(config.passwordFile());
        if (!Files.isRegularFile(config.accessFile()) || !Files.isReadable(config.accessFile())) {
            throw new StartException("control access-file " + config.accessFile()
                    + " does not exist or cannot be read", null);
        }
        InetSocketAddress at = config.jmxAddress();
        String host = urlHost(at.getAddress());
        if (config.tls().isEmpty() && !config.plaintextAllowed()) {
            throw new StartException("control jmx-address " + at.getAddress().getHostAddress() + " is not loopback "
                    + "and the connector has no tls: the password and every operation would cross the network in "
                    + "clear. Configure control.tls (docs/operations.md \"Securing the control connector\"), or set "
                    + "\"allow-plaintext\": true", null);
        }
        RMIServerSocketFactory sockets;
        RMIClientSocketFactory clientSockets;
        if (config.tls().isPresent()) {
            sockets = new BoundSslSocketFactory(at.getAddress(), sslContext(config.tls().get()),
                    config.tls().get().needClientAuth());
            clientSockets = new SslRMIClientSocketFactory();
        } else {
            sockets = new BoundSocketFactory(at.getAddress());
            clientSockets = null;
        }
        // The RMI stub the client receives names this host: it must be the address the socket is bound to.
        if (System.getProperty("java.rmi.server.hostname") == null) {
            System.setProperty("java.rmi.server.hostname", at.getAddress().getHostAddress());
        }
        Registry registry;
        try {
            registry = LocateRegistry.createRegistry(at.getPort(), clientSockets, sockets);
        } catch (IOException e) {
            throw new StartException("control cannot listen on " + host + ":" + at.getPort() + ": " + rootCause(e), e);
        }
        JMXConnectorServer server = null;
        try {
            Map<String, Object> environment = new HashMap<>();
            environment.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
            if (clientSockets != null) {
                environment.put(RMIConnectorServer.RMI_CLIENT_SOCKET_FACTORY_ATTRIBUTE, clientSockets);
            }
            environment.put("jmx.remote.x.password.file", config.passwordFile().toString());
            environment.put("jmx.remote.x.access.file", config.accessFile().toString());
            RMIJRMPServerImpl connector = new RMIJRMPServerImpl(at.getPort(), clientSockets, sockets, environment);
            server = new RMIConnectorServer(new JMXServiceURL("service:jmx:rmi://" + host + ":"
                    + at.getPort()), environment, connector, ManagementFactory.getPlatformMBeanServer());
            server.start();
            // Bound in process, as the JDK's agent does: a bind over the network would need a TLS client of its own.
            registry.bind("jmxrmi", connector.toStub());
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://" + host + ":" + at.getPort() + "/jndi/rmi://"
                    + host + ":" + at.getPort() + "/jmxrmi");
            LOG.log(HostMessage.HOST_CONTROL_STARTED, host + ":" + at.getPort(),
                    config.tls().map(tls -> tls.needClientAuth() ? "TLS with client certificates" : "TLS")
                            .orElse("plaintext"),
                    config.passwordFile(), config.accessFile());
            return new ControlServer(server, registry, url);
        } catch (IOException | AlreadyBoundException | RuntimeException e) {
            if (server != null && server.isActive()) {
                try {
                    server.stop();
                } catch (IOException stopping) {
                    e.addSuppressed(stopping);
                }
            }
            unexport(registry);
            throw new StartException("control cannot start the JMX connector on " + host + ":" + at.getPort() + ": "
                    + rootCause(e), e);
        }
    }

    /** The TLS context of the connector: its key store, and with client authentication the clients' CAs. */
    private static SSLContext sslContext(ControlTls tls) throws StartException {
        try {
            char[] password;
            if (tls.keyStorePasswordFile().isPresent()) {
                Path file = tls.keyStorePasswordFile().get();
                checkPrivate("control tls key-store-password-file", file);
                password = TlsFiles.password(file);
            } else {
                password = tls.keyStorePassword().orElseThrow().toCharArray();
            }
            KeyManager[] keys = TlsFiles.keyManagers(tls.keyStore(), password);
            TrustManager[] trust = tls.trustStore().isPresent() ? TlsFiles.trustManagers(tls.trustStore().get()) : null;
            return TlsFiles.context(keys, trust);
        } catch (IOException e) {
            throw new StartException("control tls: " + e.getMessage(), e);
        }
    }

    /**
     * The password file must exist and be readable by its owner only, as the JDK's agent demands
     * ({@code chmod 600}).
     */
    static void checkPasswordFile(Path file) throws StartException {
        checkPrivate("control password-file", file);
    }

    /** {@code file} (named {@code what} in the error) exists and is readable by its owner only. */
    private static void checkPrivate(String what, Path file) throws StartException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new StartException(what + " " + file + " does not exist or cannot be read", null);
        }
        try {
            Optional<String> exposed = PrivateFiles.notPrivate(file);
            if (exposed.isPresent()) {
                throw new StartException(what + " " + file + " " + exposed.get(), null);
            }
        } catch (IOException e) {
            throw new StartException(what + " " + file + " cannot be checked: " + e.getMessage(), e);
        }
    }

    /** The address clients connect to, e.g. {@code service:jmx:rmi://127.0.0.1:9647/jndi/rmi://127.0.0.1:9647/jmxrmi}. */
    public JMXServiceURL url() {
        return url;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            // Stopping anyway: the registry below goes too, and the process is ending.
        } finally {
            unexport(registry);
        }
    }

    private static void unexport(Registry registry) {
        try {
            UnicastRemoteObject.unexportObject(registry, true);
        } catch (NoSuchObjectException e) {
            // Not exported any more: nothing to release.
        }
    }

    private static String urlHost(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * TLS server sockets bound to the control address only, demanding a client certificate when
     * told to. One instance serves the registry and the connector, so that they share one port.
     */
    private static final class BoundSslSocketFactory implements RMIServerSocketFactory {
        private final InetAddress address;
        private final SSLContext context;
        private final boolean needClientAuth;

        BoundSslSocketFactory(InetAddress address, SSLContext context, boolean needClientAuth) {
            this.address = Objects.requireNonNull(address);
            this.context = Objects.requireNonNull(context);
            this.needClientAuth = needClientAuth;
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
            socket.setNeedClientAuth(needClientAuth);
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), 50);
            return socket;
        }
    }

    /**
     * Server sockets bound to the control address only. Equal factories let the registry and the
     * connector share one port (RMI reuses a listening socket for equal factories).
     */
    private static final class BoundSocketFactory implements RMIServerSocketFactory, Serializable {
        private static final long serialVersionUID = 1L;
        private final InetAddress address;

        BoundSocketFactory(InetAddress address) {
            this.address = Objects.requireNonNull(address);
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port), 50);
            return socket;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof BoundSocketFactory factory && factory.address.equals(address);
        }

        @Override
        public int hashCode() {
            return address.hashCode();
        }
    }
}
