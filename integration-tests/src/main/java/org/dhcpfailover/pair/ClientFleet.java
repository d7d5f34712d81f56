package org.dhcpfailover.pair;

import static org.dhcp4java.DHCPConstants.BOOTREQUEST;
import static org.dhcp4java.DHCPConstants.DHCPACK;
import static org.dhcp4java.DHCPConstants.DHCPDISCOVER;
import static org.dhcp4java.DHCPConstants.DHCPNAK;
import static org.dhcp4java.DHCPConstants.DHCPOFFER;
import static org.dhcp4java.DHCPConstants.DHCPRELEASE;
import static org.dhcp4java.DHCPConstants.DHCPREQUEST;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_LEASE_TIME;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_REQUESTED_ADDRESS;
import static org.dhcp4java.DHCPConstants.DHO_DHCP_SERVER_IDENTIFIER;
import static org.dhcp4java.DHCPConstants.HTYPE_ETHER;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.dhcp4java.DHCPBadPacketException;
import org.dhcp4java.DHCPPacket;

/**
 * Named DHCPv4 clients behind a relay agent that forwards to both servers of a pair (a relay
 * configured with two helper addresses, the usual failover deployment). Each client remembers
 * the address it holds and from which server, so a test can check lease stability and that no
 * address is held by two clients. Runs as its own process inside the client network namespace
 * (the relay's port 67 lives there), driven by commands on stdin, one per line:
 * <pre>
 * join N      N new clients do DISCOVER / OFFER / REQUEST / ACK through the relay
 * renew       every bound client renews with its server (RENEWING: unicast from the client itself,
 *             not through the relay, RFC 2131 §4.4.5), else rebinds with all through the relay
 * rebind      every bound client rebinds with all servers (REBINDING)
 * release     every bound client releases its address
 * report      prints "HOLD name address server leaseSeconds" per bound client, then "END"
 * quit
 * </pre>
 * Every answer and every unanswered exchange is printed as
 * {@code EVENT epochMillis name kind address server waitedMillis leaseSeconds offeredSeconds}.
 */
public final class ClientFleet {

    private static final int ATTEMPT_MILLIS = 1000;
    private static final int ATTEMPTS = 3;

    private final DatagramSocket socket;
    /** The clients' own port 68, where unicast answers to RENEWING requests arrive (RFC 2131 §4.1). */
    private final DatagramSocket clientSocket;
    private final String device;
    private final InetAddress relay;
    private final List<InetSocketAddress> servers;
    private final PrintStream out;
    private final Map<Integer, BlockingQueue<DHCPPacket>> waiting = new ConcurrentHashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>();

    /** One named client. */
    static final class Client {
        final String name;
        final byte[] mac;
        InetAddress address;
        InetAddress server;
        int leaseSeconds;
        long validUntil;
        /** The lease time of the last OFFER the client took (DHCPv4 option 51 in the OFFER). */
        int offeredSeconds;

        Client(String name, byte[] mac) {
            this.name = name;
            this.mac = mac;
        }
    }

    ClientFleet(DatagramSocket socket, DatagramSocket clientSocket, String device, InetAddress relay,
            List<InetSocketAddress> servers, PrintStream out) {
        this.socket = socket;
        this.clientSocket = clientSocket;
        this.device = device;
        this.relay = relay;
        this.servers = servers;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        InetAddress relay = InetAddress.getByName(options.getOrDefault("--relay", PairTopology.RELAY_ADDRESS));
        int serverPort = Integer.parseInt(options.getOrDefault("--server-port", "67"));
        List<InetSocketAddress> servers = new ArrayList<>();
        for (String server : options.getOrDefault("--servers", PairTopology.PRIMARY_ADDRESS + ","
                + PairTopology.SECONDARY_ADDRESS).split(",")) {
            servers.add(new InetSocketAddress(InetAddress.getByName(server), serverPort));
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String device = options.getOrDefault("--device", "br0");
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(relay, 67));
                DatagramSocket clientSocket = new DatagramSocket(new InetSocketAddress(68))) {
            ClientFleet fleet = new ClientFleet(socket, clientSocket, device, relay, servers, out);
            for (DatagramSocket each : List.of(socket, clientSocket)) {
                Thread receiver = new Thread(() -> fleet.receive(each), "fleet-receiver");
                receiver.setDaemon(true);
                receiver.start();
            }
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

    private void receive(DatagramSocket socket) {
        byte[] buffer = new byte[1500];
        while (!socket.isClosed()) {
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(datagram);
                DHCPPacket packet = DHCPPacket.getPacket(datagram);
                BlockingQueue<DHCPPacket> queue = waiting.get(packet.getXid());
                if (queue != null) {
                    queue.offer(packet);
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException | DHCPBadPacketException e) {
                out.println("WARN bad datagram: " + e.getMessage());
            }
        }
    }

    void join(int count) throws IOException, InterruptedException {
        for (int i = 0; i < count; i++) {
            int number = clients.size() + 1;
            byte[] mac = {2, 0, 0, 0, (byte) (number >> 8), (byte) number};
            Client client = new Client(String.format("client%03d", number), mac);
            clients.put(client.name, client);
            dora(client);
        }
    }

    private void dora(Client client) throws IOException, InterruptedException {
        long started = System.currentTimeMillis();
        DHCPPacket offer = exchange(request(client, DHCPDISCOVER, null, null, null), servers, DHCPOFFER);
        if (offer == null) {
            event(client, "NO_OFFER", null, null, started);
            return;
        }
        InetAddress server = offer.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER);
        Integer offered = offer.getOptionAsInteger(DHO_DHCP_LEASE_TIME);
        client.offeredSeconds = offered == null ? 0 : offered;
        DHCPPacket answer = exchange(request(client, DHCPREQUEST, null, offer.getYiaddr(), server), servers, DHCPACK);
        bound(client, answer, started);
    }

    void renewAll(boolean rebind) throws IOException, InterruptedException {
        for (Client client : clients.values()) {
            if (client.address == null) {
                dora(client);
                continue;
            }
            long started = System.currentTimeMillis();
            DHCPPacket answer = null;
            if (!rebind) {
                DHCPPacket renewing = request(client, DHCPREQUEST, client.address, null, null);
                renewing.setGiaddrRaw(new byte[4]);
                renewing.setHops((byte) 0);
                answer = exchange(renewing, List.of(new InetSocketAddress(client.server, servers.get(0).getPort())),
                        DHCPACK, clientSocket);
            }
            if (answer == null) {
                    answer = exchange(request(client, DHCPREQUEST, client.address, null, null), servers, DHCPACK);
            }
            bound(client, answer, started);
        }
    }

    void releaseAll() throws IOException {
        for (Client client : clients.values()) {
            if (client.address != null) {
                DHCPPacket release = request(client, DHCPRELEASE, client.address, null, client.server);
                send(release, List.of(new InetSocketAddress(client.server, servers.get(0).getPort())));
                event(client, "RELEASED", client.address, client.server, System.currentTimeMillis());
                configure("del", client.address);
                client.address = null;
                client.server = null;
            }
        }
    }

    void report() {
        for (Client client : clients.values()) {
            if (client.address != null) {
                out.println("HOLD " + client.name + " " + client.address.getHostAddress() + " "
                        + client.server.getHostAddress() + " " + client.leaseSeconds);
            }
        }
        out.println("END");
    }

    private void bound(Client client, DHCPPacket answer, long started) {
        if (answer == null) {
            event(client, "UNANSWERED", client.address, client.server, started);
            return;
        }
        if (answer.getDHCPMessageType() == DHCPNAK) {
            // A NAK for a lease that ran out meanwhile is the client's own fault, not a lost binding.
            boolean expired = client.address != null && started > client.validUntil;
            event(client, expired ? "NAK_AFTER_EXPIRY" : "NAK", client.address,
                    answer.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER), started);
            if (client.address != null) {
                configure("del", client.address);
            }
            client.address = null;
            client.server = null;
            return;
        }
        InetAddress previous = client.address;
        client.address = answer.getYiaddr();
        client.server = answer.getOptionAsInetAddr(DHO_DHCP_SERVER_IDENTIFIER);
        Integer lease = answer.getOptionAsInteger(DHO_DHCP_LEASE_TIME);
        client.leaseSeconds = lease == null ? 0 : lease;
        client.validUntil = started + client.leaseSeconds * 1000L;
        if (previous != null && !previous.equals(client.address)) {
            configure("del", previous);
        }
        configure("add", client.address);
        event(client, previous == null ? "BOUND" : previous.equals(client.address) ? "RENEWED" : "MOVED",
                client.address, client.server, started);
    }

    private void event(Client client, String kind, InetAddress address, InetAddress server, long started) {
        long now = System.currentTimeMillis();
        out.println("EVENT " + now + " " + client.name + " " + kind + " "
                + (address == null ? "-" : address.getHostAddress()) + " "
                + (server == null ? "-" : server.getHostAddress()) + " " + (now - started) + " " + client.leaseSeconds
                + " " + client.offeredSeconds);
    }

    private DHCPPacket request(Client client, byte type, InetAddress ciaddr, InetAddress requested,
            InetAddress serverId) {
        DHCPPacket packet = new DHCPPacket();
        packet.setOp(BOOTREQUEST);
        packet.setHtype(HTYPE_ETHER);
        packet.setHlen((byte) 6);
        packet.setHops((byte) 1);
        packet.setXid(ThreadLocalRandom.current().nextInt());
        packet.setChaddr(client.mac);
        packet.setGiaddr(relay);
        if (ciaddr != null) {
            packet.setCiaddr(ciaddr);
        }
        packet.setDHCPMessageType(type);
        if (requested != null) {
            packet.setOptionAsInetAddress(DHO_DHCP_REQUESTED_ADDRESS, requested);
        }
        if (serverId != null) {
            packet.setOptionAsInetAddress(DHO_DHCP_SERVER_IDENTIFIER, serverId);
        }
        return packet;
    }

    /** Sends to {@code to} up to {@link #ATTEMPTS} times; the first answer of the wanted kind or NAK, else null. */
    private DHCPPacket exchange(DHCPPacket request, List<InetSocketAddress> to, byte wanted)
            throws IOException, InterruptedException {
        return exchange(request, to, wanted, socket);
    }

    private DHCPPacket exchange(DHCPPacket request, List<InetSocketAddress> to, byte wanted, DatagramSocket from)
            throws IOException, InterruptedException {
        BlockingQueue<DHCPPacket> answers = new LinkedBlockingQueue<>();
        waiting.put(request.getXid(), answers);
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                send(request, to, from);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ATTEMPT_MILLIS);
                for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                    DHCPPacket answer = answers.poll(left, TimeUnit.NANOSECONDS);
                    if (answer != null && (answer.getDHCPMessageType() == wanted
                            || answer.getDHCPMessageType() == DHCPNAK)) {
                        return answer;
                    }
                }
            }
            return null;
        } finally {
            waiting.remove(request.getXid());
        }
    }

    private void send(DHCPPacket request, List<InetSocketAddress> to) throws IOException {
        send(request, to, socket);
    }

    private static void send(DHCPPacket request, List<InetSocketAddress> to, DatagramSocket from) throws IOException {
        byte[] bytes = request.serialize();
        for (InetSocketAddress server : to) {
            from.send(new DatagramPacket(bytes, bytes.length, server));
        }
    }

    /**
     * Puts the client's address on (or takes it off) the LAN interface, as a client's own
     * configuration script does, so that a server's unicast answer to it arrives here.
     */
    private void configure(String action, InetAddress address) {
        Commands.run(List.of("ip", "addr", action, address.getHostAddress() + "/32", "dev", device), false);
    }
}
