package org.dhcpfailover.pair;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Named DHCPv6 clients behind a relay agent that forwards to both servers of a pair (RFC 8415
 * §19: each client message goes to both servers in a Relay-forward, as a relay with two
 * destination addresses does; RFC 8156 §4: the servers decide which of them answers). Every
 * client asks for one address (IA_NA, IAID 1) and one delegated prefix (IA_PD, IAID 1) and
 * remembers what it holds and from which server (its DUID), so a test can check lease stability
 * and that no address or prefix is held by two clients. Runs as its own process in the client
 * network namespace (the relay's port 547 lives there), driven by commands on stdin, one per line:
 * <pre>
 * join N      N new clients do SOLICIT / ADVERTISE / REQUEST / REPLY (RFC 8415 §18.2.1, §18.2.2)
 * renew       every bound client sends RENEW naming its server (§18.2.4); unanswered, REBIND
 * rebind      every bound client sends REBIND to any server (§18.2.5)
 * release     every bound client releases its address and prefix (§18.2.7)
 * report      prints "HOLD name duid address prefix serverDuid validNa validPd" per bound client, then "END"
 * quit
 * </pre>
 * Every answer and every unanswered exchange is printed as {@code EVENT epochMillis name kind
 * address prefix serverDuid waitedMillis validNa validPd offeredNa offeredPd}; kinds: BOUND,
 * RENEWED, MOVED (the server gave another address or prefix than the one held), NOBINDING (a held
 * lease refused: status NoBinding, or returned with valid lifetime 0, RFC 8415 §18.3.4), the same
 * with _AFTER_EXPIRY when the lease had run out, INCOMPLETE (a REPLY without an address or a
 * prefix), NO_ADVERTISE, UNANSWERED, RELEASED.
 *
 * <p>The messages are built and read here (a few dozen lines: header, options, IA_NA / IAADDR,
 * IA_PD / IAPREFIX, Status Code, Relay Message), bounds-checked; a datagram that does not parse is
 * reported as a WARN line and ignored.
 */
public final class Dhcp6ClientFleet {

    static final int SOLICIT = 1;
    static final int ADVERTISE = 2;
    static final int REQUEST = 3;
    static final int RENEW = 5;
    static final int REBIND = 6;
    static final int REPLY = 7;
    static final int RELEASE = 8;
    static final int RELAY_FORW = 12;
    static final int RELAY_REPL = 13;

    static final int OPTION_CLIENTID = 1;
    static final int OPTION_SERVERID = 2;
    static final int OPTION_IA_NA = 3;
    static final int OPTION_IAADDR = 5;
    static final int OPTION_ELAPSED_TIME = 8;
    static final int OPTION_RELAY_MSG = 9;
    static final int OPTION_STATUS_CODE = 13;
    static final int OPTION_IA_PD = 25;
    static final int OPTION_IAPREFIX = 26;

    static final int STATUS_NO_BINDING = 3;

    private static final int ATTEMPT_MILLIS = 1000;
    private static final int ATTEMPTS = 3;

    private final DatagramSocket socket;
    private final InetAddress relay;
    private final List<InetSocketAddress> servers;
    private final PrintStream out;
    private final Map<Integer, BlockingQueue<Message>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>();

    /** One named client: its DUID, and what it holds. */
    static final class Client {
        final String name;
        final byte[] duid;
        final InetAddress linkLocal;
        InetAddress address;
        /** The delegated prefix, and its length. */
        InetAddress prefix;
        int prefixLength;
        byte[] server;
        long validNa;
        long validPd;
        long offeredNa;
        long offeredPd;
        long validUntil;

        Client(String name, int number) {
            this.name = name;
            this.duid = new byte[] {0, 3, 0, 1, 2, 0, 0, 6, (byte) (number >> 8), (byte) number};
            byte[] ll = new byte[16];
            ll[0] = (byte) 0xfe;
            ll[1] = (byte) 0x80;
            ll[14] = (byte) (number >> 8);
            ll[15] = (byte) number;
            try {
                this.linkLocal = InetAddress.getByAddress(ll);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean bound() {
            return address != null || prefix != null;
        }

        String prefixText() {
            return prefix == null ? "-" : prefix.getHostAddress() + "/" + prefixLength;
        }
    }

    /** A decoded client-facing message: type, transaction id, and its options in order. */
    record Message(int type, int xid, List<Option> options) {
        Option first(int code) {
            return options.stream().filter(o -> o.code() == code).findFirst().orElse(null);
        }
    }

    /** One option: its code and its octets. */
    record Option(int code, byte[] data) {
    }

    /** What a REPLY or ADVERTISE gave in one IA: the resource (null: none with a valid lifetime), its lifetime, the status. */
    record Granted(InetAddress resource, int length, long valid, int status, boolean zeroLifetime) {
    }

    Dhcp6ClientFleet(DatagramSocket socket, InetAddress relay, List<InetSocketAddress> servers, PrintStream out) {
        this.socket = socket;
        this.relay = relay;
        this.servers = servers;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        InetAddress relay = InetAddress.getByName(options.getOrDefault("--relay", HostKind.V6.relay()));
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String server : options.getOrDefault("--servers", HostKind.V6.primary() + ","
                + HostKind.V6.secondary()).split(",")) {
            servers.add(new InetSocketAddress(InetAddress.getByName(server), 547));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(relay, 547))) {
            Dhcp6ClientFleet fleet = new Dhcp6ClientFleet(socket, relay, servers, out);
            Thread receiver = new Thread(fleet::receive, "fleet6-receiver");
            receiver.setDaemon(true);
            receiver.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            out.println("READY");
            for (String line; (line = in.readLine()) != null; ) {
                String[] words = line.strip().split("\\s+");
                switch (words[0]) {
                    case "join" -> fleet.join(Integer.parseInt(words[1]));
                    case "renew" -> fleet.renewAll(false);
                    case "rebind" -> fleet.renewAll(true);
                    case "release" -> fleet.releaseAll();
                    case "report" -> fleet.report();
                    case "quit" -> {
                        out.println("BYE");
                        return;
                    }
                    default -> out.println("ERROR unknown command " + words[0]);
                }
                out.println("DONE " + words[0]);
            }
        }
    }

    private void receive() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
                Message relayed = decode(ByteBuffer.wrap(datagram.getData(), 0, datagram.getLength()));
                if (relayed.type() != RELAY_REPL || relayed.first(OPTION_RELAY_MSG) == null) {
                    out.println("WARN not a Relay-reply with a Relay Message: type " + relayed.type());
                    continue;
                }
                Message message = decode(ByteBuffer.wrap(relayed.first(OPTION_RELAY_MSG).data()));
                BlockingQueue<Message> queue = waiting.get(message.xid());
                if (queue != null) {
                    queue.offer(message);
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                out.println("WARN bad datagram: " + e);
            }
        }
    }

    void join(int count) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            int number = clients.size() + 1;
            Client client = new Client(String.format("client%03d", number), number);
            clients.put(client.name, client);
            solicit(client);
        }
    }

    private void solicit(Client client) throws IOException, InterruptedException {
        long started = System.currentTimeMillis();
        Message advertise = exchange(client, message(SOLICIT, client, null, false), ADVERTISE);
        if (advertise == null) {
            event(client, "NO_ADVERTISE", started);
            return;
        }
        Granted na = granted(advertise, OPTION_IA_NA);
        Granted pd = granted(advertise, OPTION_IA_PD);
        client.offeredNa = na.valid();
        client.offeredPd = pd.valid();
        Message request = message(REQUEST, client, advertise.first(OPTION_SERVERID).data(), false, na, pd);
        bound(client, exchange(client, request, REPLY), started, true);
    }

    void renewAll(boolean rebind) throws IOException, InterruptedException {
        for (Client client : clients.values()) {
            if (!client.bound()) {
                solicit(client);
                continue;
            }
            long started = System.currentTimeMillis();
            Message answer = null;
            if (!rebind) {
                answer = exchange(client, message(RENEW, client, client.server, true), REPLY);
            }
            if (answer == null) {
                answer = exchange(client, message(REBIND, client, null, true), REPLY);
            }
            bound(client, answer, started, false);
        }
    }

    void releaseAll() throws IOException, InterruptedException {
        for (Client client : clients.values()) {
            if (client.bound()) {
                long started = System.currentTimeMillis();
                exchange(client, message(RELEASE, client, client.server, true), REPLY);
                event(client, "RELEASED", started);
                client.address = null;
                client.prefix = null;
                client.server = null;
            }
        }
    }

    void report() {
        for (Client client : clients.values()) {
            if (client.bound()) {
                out.println("HOLD " + client.name + " " + HexFormat.of().formatHex(client.duid) + " "
                        + (client.address == null ? "-" : client.address.getHostAddress()) + " " + client.prefixText()
                        + " " + HexFormat.of().formatHex(client.server) + " " + client.validNa + " " + client.validPd);
            }
        }
        out.println("END");
    }

    /** What a REPLY means for the client: a new, renewed, moved or refused lease. */
    private void bound(Client client, Message reply, long started, boolean fresh) {
        if (reply == null) {
            event(client, "UNANSWERED", started);
            return;
        }
        Granted na = granted(reply, OPTION_IA_NA);
        Granted pd = granted(reply, OPTION_IA_PD);
        boolean refused = !fresh && (na.status() == STATUS_NO_BINDING || pd.status() == STATUS_NO_BINDING
                || na.zeroLifetime() || pd.zeroLifetime());
        if (refused) {
            event(client, started > client.validUntil ? "NOBINDING_AFTER_EXPIRY" : "NOBINDING", started);
            client.address = null;
            client.prefix = null;
            client.server = null;
            return;
        }
        if (na.resource() == null || pd.resource() == null) {
            event(client, "INCOMPLETE", started);
            return;
        }
        boolean moved = !fresh && (!na.resource().equals(client.address) || !pd.resource().equals(client.prefix)
                || pd.length() != client.prefixLength);
        client.address = na.resource();
        client.prefix = pd.resource();
        client.prefixLength = pd.length();
        client.server = reply.first(OPTION_SERVERID).data();
        client.validNa = na.valid();
        client.validPd = pd.valid();
        client.validUntil = started + Math.min(na.valid(), pd.valid()) * 1000L;
        event(client, fresh ? "BOUND" : moved ? "MOVED" : "RENEWED", started);
    }

    private void event(Client client, String kind, long started) {
        long now = System.currentTimeMillis();
        out.println("EVENT " + now + " " + client.name + " " + kind + " "
                + (client.address == null ? "-" : client.address.getHostAddress()) + " " + client.prefixText() + " "
                + (client.server == null ? "-" : HexFormat.of().formatHex(client.server)) + " " + (now - started) + " "
                + client.validNa + " " + client.validPd + " " + client.offeredNa + " " + client.offeredPd);
    }

    /** A client message with CLIENTID, SERVERID (if given), Elapsed Time and both IAs, holding what the client holds. */
    private static Message message(int type, Client client, byte[] server, boolean held) {
        return message(type, client, server, held, null, null);
    }

    private static Message message(int type, Client client, byte[] server, boolean held, Granted na, Granted pd) {
        List<Option> options = new ArrayList<>();
        options.add(new Option(OPTION_CLIENTID, client.duid));
        if (server != null) {
            options.add(new Option(OPTION_SERVERID, server));
        }
        options.add(new Option(OPTION_ELAPSED_TIME, new byte[2]));
        InetAddress address = na != null ? na.resource() : held ? client.address : null;
        InetAddress prefix = pd != null ? pd.resource() : held ? client.prefix : null;
        int length = pd != null ? pd.length() : client.prefixLength;
        options.add(new Option(OPTION_IA_NA, ia(address == null ? null
                : new Option(OPTION_IAADDR, ByteBuffer.allocate(24).put(address.getAddress()).array()))));
        options.add(new Option(OPTION_IA_PD, ia(prefix == null ? null
                : new Option(OPTION_IAPREFIX, ByteBuffer.allocate(25).putInt(0).putInt(0).put((byte) length)
                        .put(prefix.getAddress()).array()))));
        return new Message(type, ThreadLocalRandom.current().nextInt(1 << 24), options);
    }

    /** IAID 1, T1 = T2 = 0 (the server chooses, RFC 8415 §21.4), and the resource held, if any. */
    private static byte[] ia(Option held) {
        ByteArrayOutputStream ia = new ByteArrayOutputStream();
        ia.writeBytes(ByteBuffer.allocate(12).putInt(1).putInt(0).putInt(0).array());
        if (held != null) {
            writeOption(ia, held);
        }
        return ia.toByteArray();
    }

    /** What the IA of type {@code iaType} in {@code message} grants: the first resource with a valid lifetime. */
    static Granted granted(Message message, int iaType) {
        Option ia = message.first(iaType);
        if (ia == null || ia.data().length < 12) {
            Option status = message.first(OPTION_STATUS_CODE);
            return new Granted(null, 0, 0, status == null ? -1 : statusCode(status), false);
        }
        List<Option> inner = options(ByteBuffer.wrap(ia.data(), 12, ia.data().length - 12));
        int status = 0;
        boolean zero = false;
        for (Option option : inner) {
            if (option.code() == OPTION_STATUS_CODE) {
                status = statusCode(option);
            }
        }
        for (Option option : inner) {
            ByteBuffer data = ByteBuffer.wrap(option.data());
            if (option.code() == OPTION_IAADDR && iaType == OPTION_IA_NA && data.remaining() >= 24) {
                byte[] address = new byte[16];
                data.get(address);
                data.getInt();
                long valid = Integer.toUnsignedLong(data.getInt());
                if (valid > 0) {
                    return new Granted(byAddress(address), 128, valid, status, false);
                }
                zero = true;
            } else if (option.code() == OPTION_IAPREFIX && iaType == OPTION_IA_PD && data.remaining() >= 25) {
                data.getInt();
                long valid = Integer.toUnsignedLong(data.getInt());
                int length = data.get() & 0xff;
                byte[] prefix = new byte[16];
                data.get(prefix);
                if (valid > 0) {
                    return new Granted(byAddress(prefix), length, valid, status, false);
                }
                zero = true;
            }
        }
        return new Granted(null, 0, 0, status, zero);
    }

    private static int statusCode(Option status) {
        return status.data().length >= 2 ? ByteBuffer.wrap(status.data()).getShort() & 0xffff : -1;
    }

    private static InetAddress byAddress(byte[] octets) {
        try {
            return InetAddress.getByAddress(octets);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends {@code request} (relayed to every server) up to {@link #ATTEMPTS} times; the first answer of type {@code wanted}. */
    private Message exchange(Client client, Message request, int wanted) throws IOException, InterruptedException {
        BlockingQueue<Message> answers = new LinkedBlockingQueue<>();
        waiting.put(request.xid(), answers);
        try {
            byte[] relayed = relayForward(client, encode(request));
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                for (InetSocketAddress server : servers) {
                    socket.send(new DatagramPacket(relayed, relayed.length, server));
                }
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ATTEMPT_MILLIS);
                for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                    Message answer = answers.poll(left, TimeUnit.NANOSECONDS);
                    if (answer != null && answer.type() == wanted && answer.first(OPTION_SERVERID) != null) {
                        return answer;
                    }
                }
            }
            return null;
        } finally {
            waiting.remove(request.xid());
        }
    }

    /** RFC 8415 §9.1: hop count 0, the relay's address as link-address, the client's link-local address as peer. */
    private byte[] relayForward(Client client, byte[] message) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(RELAY_FORW);
        frame.write(0);
        frame.writeBytes(relay.getAddress());
        frame.writeBytes(client.linkLocal.getAddress());
        writeOption(frame, new Option(OPTION_RELAY_MSG, message));
        return frame.toByteArray();
    }

    static byte[] encode(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(message.type());
        bytes.write(message.xid() >> 16);
        bytes.write(message.xid() >> 8);
        bytes.write(message.xid());
        for (Option option : message.options()) {
            writeOption(bytes, option);
        }
        return bytes.toByteArray();
    }

    private static void writeOption(ByteArrayOutputStream to, Option option) {
        to.write(option.code() >> 8);
        to.write(option.code());
        to.write(option.data().length >> 8);
        to.write(option.data().length);
        to.writeBytes(option.data());
    }

    /** A client/server message, or a relay message (its 34-octet header skipped); throws on a truncated one. */
    static Message decode(ByteBuffer data) {
        if (data.remaining() < 4) {
            throw new IllegalArgumentException("shorter than a DHCPv6 header");
        }
        int type = data.get() & 0xff;
        if (type == RELAY_FORW || type == RELAY_REPL) {
            if (data.remaining() < 33) {
                throw new IllegalArgumentException("shorter than a relay header");
            }
            data.position(data.position() + 33);
            return new Message(type, 0, options(data));
        }
        int xid = (data.get() & 0xff) << 16 | (data.get() & 0xff) << 8 | data.get() & 0xff;
        return new Message(type, xid, options(data));
    }

    private static List<Option> options(ByteBuffer data) {
        List<Option> options = new ArrayList<>();
        while (data.remaining() > 0) {
            if (data.remaining() < 4) {
                throw new IllegalArgumentException("a truncated option header");
            }
            int code = data.getShort() & 0xffff;
            int length = data.getShort() & 0xffff;
            if (length > data.remaining()) {
                throw new IllegalArgumentException("option " + code + " runs past the end");
            }
            byte[] value = new byte[length];
            data.get(value);
            options.add(new Option(code, value));
        }
        return options;
    }
}
