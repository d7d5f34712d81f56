package org.dhcpfailover.host.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import javax.management.openmbean.CompositeData;
import javax.management.openmbean.TabularData;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * {@code failoverctl}: reads and drives the failover relationships of a running host through JMX
 * (docs/operations.md "Using failoverctl").
 *
 * <pre>
 * failoverctl [--jmx HOST:PORT --user USER --password-file FILE
 *                [--trust-store PEM [--key-store P12 --key-store-password-file FILE]] | --pid PID]
 *             [--relationship NAME] [--json]
 *             status | partner-down | resync | disconnect [REASON] | reset-lease ADDRESS
 * </pre>
 *
 * <p>With {@code --trust-store} it speaks TLS to a connector with {@code control.tls}: the
 * registry through {@code com.sun.jndi.rmi.factory.socket}, the connector through the JDK's
 * {@link javax.rmi.ssl.SslRMIClientSocketFactory} the host names, both with this trust store (and
 * key store, for {@code need-client-auth}) as the process's default TLS context.
 *
 * <p>Exit status: 0 done; 1 the server refused the operation (its reason is printed); 2 usage
 * error; 3 cannot connect (nothing listening, wrong credentials, a certificate the trust store
 * does not lead to, no such process, no failover relationship published).
 */
public final class FailoverCtl {

    public static final int EXIT_OK = 0;
    public static final int EXIT_REFUSED = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CANNOT_CONNECT = 3;

    static final String USAGE = """
            usage: failoverctl [--jmx HOST:PORT --user USER --password-file FILE
                                  [--trust-store PEM [--key-store P12 --key-store-password-file FILE]]
                                | --pid PID] [--relationship NAME] [--json] COMMAND
            commands:
              status               every relationship's state, partner, communications, counts
              partner-down         declare the partner down (RFC 8156 §8.4); only if it is really stopped
              resync               ask the partner for all its bindings (UPDREQALL, RFC 8156 §5.3.6)
              disconnect [REASON]  close the failover connection cleanly; the pair reconnects
              reset-lease ADDRESS  make an ABANDONED lease usable again (RFC 8156 §7.2), e.g. 10.0.0.5,
                                   2001:db8::5 or 2001:db8:1::/56
            --jmx connects to a host's control section (docs/configuration.md); --trust-store (the
            CA certificates, PEM) makes it TLS, for a control section with tls; --key-store and
            --key-store-password-file present a client certificate (need-client-auth); --pid attaches
            locally to a host of the same OS user and only reads the status. Exit status: 0 done,
            1 refused by the server, 2 usage error, 3 cannot connect.""";

    /**
     * The MXBean's attributes in the order status shows them; JSON keys are these, first letter
     * lowered. Public for the test that reads them from a running host's bean.
     */
    public static final List<String> ATTRIBUTES = List.of("Role", "LocalState", "LocalStateSince", "PartnerState",
            "PartnerStateSince", "CommunicationsStatus", "CommunicationsOk", "Connected", "LastContact",
            "ClockSkewSeconds", "MaximumClientLeadTime", "Bindings", "PendingUpdates", "UnackedUpdates",
            "UpdatesSent", "RepliesReceived", "UpdatesAcknowledgedByPartner", "UpdatesRejectedByPartner",
            "UpdatesRejectedByPartnerByStatus",
            "PartnerUpdatesAnswered", "PartnerUpdatesRejected", "PartnerUpdatesRejectedByStatus", "Conflicts",
            "ResyncRequest", "ResyncStatus", "ResyncRequestedAt", "ResyncUpdatesReceived", "ResyncDoneAt");

    /** A parsed command line. */
    record Command(String action, Optional<String> argument, boolean json, Optional<String> relationship,
            Optional<String> jmx, Optional<String> user, Optional<Path> passwordFile, Optional<Long> pid,
            Optional<Path> trustStore, Optional<Path> keyStore, Optional<Path> keyStorePasswordFile) {
        /** A plaintext command, without TLS options. */
        Command(String action, Optional<String> argument, boolean json, Optional<String> relationship,
                Optional<String> jmx, Optional<String> user, Optional<Path> passwordFile, Optional<Long> pid) {
            this(action, argument, json, relationship, jmx, user, passwordFile, pid, Optional.empty(),
                    Optional.empty(), Optional.empty());
        }

        boolean writes() {
            return !action.equals("status");
        }
    }

    /** A usage error, with the reason. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** What the tool cannot do because the server said no: the server's reason. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** Opens a connection to a host's MBean server. */
    @FunctionalInterface
    interface Connector {
        JMXConnector connect(Command command) throws IOException;
    }

    private FailoverCtl() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, FailoverCtl::connect));
    }

    /** The whole tool, for tests: parses, connects through {@code connector}, acts, prints; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err, Connector connector) {
        Command command;
        try {
            if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
                out.println(USAGE);
                return EXIT_OK;
            }
            command = parse(args);
        } catch (UsageException e) {
            err.println("failoverctl: " + e.getMessage());
            err.println(USAGE);
            return EXIT_USAGE;
        }
        JMXConnector connection;
        try {
            connection = connector.connect(command);
        } catch (IOException | SecurityException e) {
            err.println("failoverctl: cannot connect: " + message(e));
            return EXIT_CANNOT_CONNECT;
        }
        try (connection) {
            MBeanServerConnection server = connection.getMBeanServerConnection();
            List<ObjectName> beans = relationships(server, command.relationship());
            if (beans.isEmpty()) {
                err.println("failoverctl: cannot connect: no failover relationship "
                        + command.relationship().map(n -> "named " + n + " ").orElse("") + "is published by this host");
                return EXIT_CANNOT_CONNECT;
            }
            if (command.action().equals("status")) {
                List<Map<String, Object>> statuses = new ArrayList<>();
                for (ObjectName bean : beans) {
                    statuses.add(status(server, bean));
                }
                out.print(command.json() ? json(Map.of("relationships", statuses)) : human(statuses));
                return EXIT_OK;
            }
            if (beans.size() > 1) {
                err.println("failoverctl: this host has " + beans.size() + " relationships; name one with "
                        + "--relationship (" + String.join(", ", beans.stream().map(b -> b.getKeyProperty("name"))
                                .toList()) + ")");
                return EXIT_USAGE;
            }
            String done = operate(server, beans.get(0), command);
            if (command.json()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("relationship", name(beans.get(0)));
                result.put("operation", command.action());
                result.put("result", "done");
                result.put("message", done);
                out.print(json(result));
            } else {
                out.println(done);
            }
            return EXIT_OK;
        } catch (RefusedException e) {
            err.println("failoverctl: refused: " + e.getMessage());
            return EXIT_REFUSED;
        } catch (IOException e) {
            err.println("failoverctl: cannot connect: " + message(e));
            return EXIT_CANNOT_CONNECT;
        }
    }

    static Command parse(String[] args) throws UsageException {
        String action = null;
        String argument = null;
        boolean json = false;
        String relationship = null;
        String jmx = null;
        String user = null;
        Path passwordFile = null;
        Long pid = null;
        Path trustStore = null;
        Path keyStore = null;
        Path keyStorePasswordFile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--json" -> json = true;
                case "--relationship" -> relationship = value(args, ++i, arg);
                case "--jmx" -> jmx = value(args, ++i, arg);
                case "--user" -> user = value(args, ++i, arg);
                case "--password-file" -> passwordFile = Path.of(value(args, ++i, arg));
                case "--trust-store" -> trustStore = Path.of(value(args, ++i, arg));
                case "--key-store" -> keyStore = Path.of(value(args, ++i, arg));
                case "--key-store-password-file" -> keyStorePasswordFile = Path.of(value(args, ++i, arg));
                case "--pid" -> {
                    String text = value(args, ++i, arg);
                    try {
                        pid = Long.parseLong(text);
                    } catch (NumberFormatException e) {
                        throw new UsageException("--pid takes a process id, not " + text);
                    }
                }
                default -> {
                    if (arg.startsWith("--")) {
                        throw new UsageException("unknown option " + arg);
                    } else if (action == null) {
                        action = arg;
                    } else if (argument == null) {
                        argument = arg;
                    } else {
                        throw new UsageException("unexpected argument " + arg);
                    }
                }
            }
        }
        if (action == null) {
            throw new UsageException("no command given");
        }
        switch (action) {
            case "status", "partner-down", "resync" -> {
                if (argument != null) {
                    throw new UsageException(action + " takes no argument, got " + argument);
                }
            }
            case "reset-lease" -> {
                if (argument == null) {
                    throw new UsageException("reset-lease needs the lease's address or prefix");
                }
            }
            case "disconnect" -> {
                // the reason is optional
            }
            default -> throw new UsageException("unknown command " + action);
        }
        if ((jmx == null) == (pid == null)) {
            throw new UsageException("give either --jmx HOST:PORT (with --user and --password-file) or --pid PID");
        }
        if (jmx != null) {
            if (!jmx.matches("(\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]]+):\\d{1,5}")) {
                throw new UsageException("--jmx takes HOST:PORT (an IPv6 address in brackets), not " + jmx);
            }
            if (user == null || passwordFile == null) {
                throw new UsageException("--jmx needs --user and --password-file");
            }
            if ((keyStore == null) != (keyStorePasswordFile == null)) {
                throw new UsageException("--key-store and --key-store-password-file go together");
            }
            if (keyStore != null && trustStore == null) {
                throw new UsageException("--key-store is for a TLS connector: give --trust-store too");
            }
        } else if (trustStore != null || keyStore != null || keyStorePasswordFile != null) {
            throw new UsageException("--trust-store, --key-store and --key-store-password-file go with --jmx");
        } else if (user != null || passwordFile != null) {
            throw new UsageException("--user and --password-file go with --jmx; a local attach (--pid) needs none");
        } else if (!action.equals("status")) {
            // The rule: writes need the credentials the host configures, not only the OS user.
            throw new UsageException(action + " needs the host's JMX credentials: use --jmx HOST:PORT --user USER "
                    + "--password-file FILE (a local attach with --pid only reads the status)");
        }
        return new Command(action, Optional.ofNullable(argument), json, Optional.ofNullable(relationship),
                Optional.ofNullable(jmx), Optional.ofNullable(user), Optional.ofNullable(passwordFile),
                Optional.ofNullable(pid), Optional.ofNullable(trustStore), Optional.ofNullable(keyStore),
                Optional.ofNullable(keyStorePasswordFile));
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    /** The real connection: remote JMX with a user and password, or a local attach by process id. */
    static JMXConnector connect(Command command) throws IOException {
        if (command.pid().isPresent()) {
            return LocalAttach.connect(command.pid().get());
        }
        String hostPort = command.jmx().orElseThrow();
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://" + hostPort + "/jmxrmi");
        Path file = command.passwordFile().orElseThrow();
        String password;
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            password = lines.isEmpty() ? "" : lines.get(0).strip();
        } catch (IOException e) {
            throw new IOException("cannot read the password file " + file + ": " + message(e), e);
        }
        Map<String, Object> environment = new java.util.HashMap<>();
        environment.put(JMXConnector.CREDENTIALS, new String[] {command.user().orElseThrow(), password});
        if (command.trustStore().isEmpty()) {
            try {
                return JMXConnectorFactory.connect(url, environment);
            } catch (IOException e) {
                if (speaksTls(e)) {
                    throw new IOException(message(e) + " (the connector may speak TLS: give --trust-store with "
                            + "the CA of its certificate)", e);
                }
                throw e;
            }
        }
        SSLContext context = TlsFiles.context(command.keyStore().isPresent()
                ? TlsFiles.keyManagers(command.keyStore().get(),
                        TlsFiles.password(command.keyStorePasswordFile().orElseThrow()))
                : null, TlsFiles.trustManagers(command.trustStore().get()));
        // The connector's stub carries the JDK's SslRMIClientSocketFactory, which takes the default context.
        SSLContext.setDefault(context);
        environment.put(REGISTRY_SOCKET_FACTORY, new RegistrySockets(context.getSocketFactory()));
        try {
            return JMXConnectorFactory.connect(url, environment);
        } catch (IOException e) {
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof java.security.cert.CertificateException
                        || cause instanceof java.security.cert.CertPathValidatorException
                        || cause instanceof java.security.cert.CertPathBuilderException) {
                    throw new IOException("the connector's certificate does not lead to a CA of --trust-store "
                            + command.trustStore().get() + " (" + message(cause) + ")", e);
                }
                cause = cause.getCause();
            }
            Throwable tls = null;
            for (Throwable step = e; step != null; step = step.getCause()) {
                if (step instanceof javax.net.ssl.SSLException) {
                    tls = step;
                }
            }
            if (tls == null && speaksTls(e)) {
                // TLS 1.3: a refused client certificate may show only as the connector closing the connection.
                for (Throwable step = e; step != null; step = step.getCause()) {
                    if (step instanceof java.net.SocketException || step instanceof java.io.EOFException) {
                        tls = step;
                    }
                }
            }
            if (tls != null) {
                throw new IOException("TLS with the connector failed: " + message(tls)
                        + (command.keyStore().isEmpty() ? " (a connector without tls, or one with need-client-auth "
                                + "that wants --key-store and --key-store-password-file)"
                                : " (does the connector's trust-store hold the CA of the --key-store certificate?)"),
                        e);
            }
            throw e;
        }
    }

    /** The environment key that gives the JNDI lookup of the RMI registry its sockets. */
    static final String REGISTRY_SOCKET_FACTORY = "com.sun.jndi.rmi.factory.socket";

    /** Whether a plaintext attempt failed the way it fails against a TLS connector. */
    private static boolean speaksTls(IOException e) {
        return !causedBy(e, java.net.ConnectException.class) && !causedBy(e, java.rmi.ConnectException.class)
                && (causedBy(e, java.io.EOFException.class) || causedBy(e, java.net.SocketException.class)
                        || causedBy(e, java.rmi.ConnectIOException.class));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    /** TLS sockets of failoverctl's own context, for the registry lookup. */
    private record RegistrySockets(SSLSocketFactory factory) implements java.rmi.server.RMIClientSocketFactory {
        @Override
        public java.net.Socket createSocket(String host, int port) throws IOException {
            SSLSocket socket = (SSLSocket) factory.createSocket(host, port);
            socket.startHandshake();
            return socket;
        }
    }

    static List<ObjectName> relationships(MBeanServerConnection server, Optional<String> name) throws IOException {
        try {
            ObjectName pattern = new ObjectName("org.dhcpfailover:type=FailoverRelationship,*");
            List<ObjectName> beans = new ArrayList<>(server.queryNames(pattern, null));
            beans.removeIf(bean -> name.isPresent() && !name.get().equals(name(bean)));
            beans.sort((a, b) -> a.getCanonicalName().compareTo(b.getCanonicalName()));
            return beans;
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(ObjectName bean) {
        String raw = bean.getKeyProperty("name");
        return raw.startsWith("\"") ? ObjectName.unquote(raw) : raw;
    }

    private static String server(ObjectName bean) {
        String raw = bean.getKeyProperty("server");
        return raw == null ? null : raw.startsWith("\"") ? ObjectName.unquote(raw) : raw;
    }

    /** One relationship's status: name, server, then the attributes in {@link #ATTRIBUTES} order (then any others). */
    static Map<String, Object> status(MBeanServerConnection server, ObjectName bean) throws IOException {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("relationship", name(bean));
        status.put("server", server(bean));
        try {
            List<String> present = new ArrayList<>();
            for (MBeanAttributeInfo info : server.getMBeanInfo(bean).getAttributes()) {
                present.add(info.getName());
            }
            List<String> names = new ArrayList<>(ATTRIBUTES);
            names.retainAll(present);
            present.stream().filter(name -> !ATTRIBUTES.contains(name)).sorted().forEach(names::add);
            for (String attribute : names) {
                status.put(key(attribute), plain(server.getAttribute(bean, attribute)));
            }
        } catch (JMException e) {
            throw new IOException("cannot read " + bean + ": " + message(e), e);
        }
        return status;
    }

    /** {@code LocalState} → {@code localState}: the JSON key of an attribute. */
    public static String key(String attribute) {
        return Character.toLowerCase(attribute.charAt(0)) + attribute.substring(1);
    }

    /** A JMX open value as plain JSON-friendly Java: a Map's TabularData becomes a sorted map. */
    private static Object plain(Object value) {
        if (value instanceof TabularData table) {
            Map<String, Object> map = new TreeMap<>();
            for (Object row : table.values()) {
                CompositeData entry = (CompositeData) row;
                map.put(String.valueOf(entry.get("key")), entry.get("value"));
            }
            return map;
        }
        return value;
    }

    private static String operate(MBeanServerConnection server, ObjectName bean, Command command)
            throws IOException, RefusedException {
        String relationship = name(bean);
        try {
            switch (command.action()) {
                case "partner-down" -> {
                    server.invoke(bean, "partnerDown", null, null);
                    return relationship + ": partner declared down; this server is in "
                            + server.getAttribute(bean, "LocalState");
                }
                case "resync" -> {
                    server.invoke(bean, "resync", null, null);
                    return relationship + ": UPDREQALL sent; follow ResyncStatus with failoverctl status";
                }
                case "disconnect" -> {
                    server.invoke(bean, "disconnect", new Object[] {command.argument().orElse("failoverctl")},
                            new String[] {String.class.getName()});
                    return relationship + ": DISCONNECT sent; the pair reconnects by itself";
                }
                case "reset-lease" -> {
                    server.invoke(bean, "resetLease", new Object[] {command.argument().orElseThrow()},
                            new String[] {String.class.getName()});
                    return relationship + ": " + command.argument().get() + " reset (ABANDONED -> RESET); "
                            + "the partner is told";
                }
                default -> throw new IllegalStateException(command.action());
            }
        } catch (RuntimeMBeanException e) {
            throw new RefusedException(message(e.getCause() != null ? e.getCause() : e));
        } catch (SecurityException e) {
            throw new RefusedException(message(e) + " (write operations need a readwrite user in the host's "
                    + "control access-file)");
        } catch (javax.management.MBeanException | javax.management.ReflectionException e) {
            throw new RefusedException(message(e.getCause() != null ? e.getCause() : e));
        } catch (JMException e) {
            throw new IOException(message(e), e);
        }
    }

    static String json(Object value) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value)
                    + System.lineSeparator();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status as an operator reads it at a glance: one block per relationship. */
    static String human(List<Map<String, Object>> statuses) {
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> s : statuses) {
            text.append(s.get("relationship")).append(" (server ").append(s.get("server")).append(", ")
                    .append(s.get("role")).append(")\n");
            line(text, "state", s.get("localState") + " since " + s.get("localStateSince"));
            line(text, "partner", s.get("partnerState") == null ? "never heard"
                    : s.get("partnerState") + " since " + s.get("partnerStateSince"));
            line(text, "communications", s.get("communicationsStatus") + ", last contact "
                    + orNever(s.get("lastContact")) + ", clock skew "
                    + (s.get("clockSkewSeconds") == null ? "unknown" : s.get("clockSkewSeconds") + " s"));
            line(text, "mclt", s.get("maximumClientLeadTime") + " s");
            line(text, "bindings", s.get("bindings") + " (pending " + s.get("pendingUpdates") + ", unacked "
                    + s.get("unackedUpdates") + ")");
            line(text, "updates sent", s.get("updatesSent") + ", replies " + s.get("repliesReceived")
                    + ", leases acknowledged " + s.get("updatesAcknowledgedByPartner") + ", rejected "
                    + s.get("updatesRejectedByPartner") + byStatus(s.get("updatesRejectedByPartnerByStatus")));
            line(text, "updates received", s.get("partnerUpdatesAnswered") + ", rejected "
                    + s.get("partnerUpdatesRejected") + byStatus(s.get("partnerUpdatesRejectedByStatus")));
            line(text, "conflicts", String.valueOf(s.get("conflicts")));
            line(text, "resync", "NONE".equals(s.get("resyncStatus")) ? "none since start"
                    : s.get("resyncRequest") + " " + s.get("resyncStatus") + ", " + s.get("resyncUpdatesReceived")
                            + " updates received, requested " + s.get("resyncRequestedAt")
                            + (s.get("resyncDoneAt") == null ? "" : ", done " + s.get("resyncDoneAt")));
        }
        return text.toString();
    }

    private static String orNever(Object value) {
        return value == null ? "never" : value.toString();
    }

    private static String byStatus(Object map) {
        return map instanceof Map<?, ?> m && !m.isEmpty() ? " " + m : "";
    }

    private static void line(StringBuilder text, String label, String value) {
        text.append("  ").append(String.format("%-17s", label)).append(value).append('\n');
    }

    static String message(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && (cause.getMessage() == null || cause instanceof java.rmi.RemoteException
                || cause instanceof javax.naming.NamingException)) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
