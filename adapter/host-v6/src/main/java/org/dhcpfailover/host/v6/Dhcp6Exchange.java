package org.dhcpfailover.host.v6;

import org.dhcpfailover.host.lease.HostCounters;
import com.google.common.base.Optional;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;
import org.anarres.dhcp.v6.Dhcp6Exception;
import org.anarres.dhcp.v6.io.Dhcp6RequestContext;
import org.anarres.dhcp.v6.messages.Dhcp6Message;
import org.anarres.dhcp.v6.messages.Dhcp6MessageType;
import org.anarres.dhcp.v6.options.ClientIdOption;
import org.anarres.dhcp.v6.options.Dhcp6Options;
import org.anarres.dhcp.v6.options.ServerIdOption;
import org.anarres.dhcp.v6.service.Dhcp6LeaseManager;
import org.anarres.dhcp.v6.service.Dhcp6Service;
import org.dhcpfailover.host.log.HostLog;
import org.dhcpfailover.host.log.HostMessage;

/**
 * The host's anarres {@link Dhcp6Service}: checks each client message as RFC 8415 §16 says,
 * builds the reply's skeleton and hands it to the {@link Dhcp6LeaseManager}; it never throws.
 *
 * <p>It replaces anarres' own {@code LeaseManagerDhcp6Service}, which in 1.0.9 (a) rejects every
 * DECLINE (its check expects the message type RENEW), (b) strips IA_PD from a reply unless the
 * client listed option 25 in its Option Request option, (c) answers REQUEST / RENEW / RELEASE /
 * DECLINE from any source that is not link-local with UseMulticast, and (d) throws on a message for
 * another server, which its netty handler logs with a stack trace — one per message on a busy link.
 *
 * <p>Messages RFC 8415 §16 says to discard (no Client Identifier; a Server Identifier in SOLICIT,
 * REBIND or CONFIRM; none, or another server's, in REQUEST, RENEW, RELEASE, DECLINE; IAs in an
 * INFORMATION-REQUEST) and undecodable ones are dropped and counted ({@code HOST_MALFORMED_DROPPED},
 * once per sweep); a REQUEST for another server withdraws what this server advertised to the client.
 */
final class Dhcp6Exchange implements Dhcp6Service {

    private static final HostLog LOG = HostLog.forClass(Dhcp6Exchange.class);

    private final byte[] serverDuid;
    private final ServerIdOption serverId;
    private final Dhcp6LeaseManager leases;
    private final V6LeaseTable table;
    private final HostCounters counters;

    Dhcp6Exchange(byte[] serverDuid, Dhcp6LeaseManager leases, V6LeaseTable table, HostCounters counters) {
        this.serverDuid = serverDuid.clone();
        this.serverId = new ServerIdOption();
        this.serverId.setDuid(this.serverDuid);
        this.leases = Objects.requireNonNull(leases, "leases");
        this.table = Objects.requireNonNull(table, "table");
        this.counters = Objects.requireNonNull(counters, "counters");
    }

    @Override
    public Optional<Dhcp6Message> getReplyFor(Dhcp6RequestContext context, Dhcp6Message request) {
        String source = context.getClientAddress() == null ? "?" : context.getClientAddress().getHostAddress();
        try {
            return Optional.fromNullable(serve(context, request, source));
        } catch (MalformedMessageException e) {
            malformed(source, e.getMessage());
        } catch (Dhcp6Exception e) {
            malformed(source, "undecodable option: " + e.getMessage());
        } catch (UncheckedIOException e) {
            counters.journalFailures().increment(String.valueOf(e.getCause()));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
            malformed(source, "undecodable option: " + e);
        } catch (RuntimeException e) {
            LOG.log(HostMessage.HOST_SERVE_FAILED, source, e);
        }
        return Optional.absent();
    }

    private void malformed(String source, String why) {
        counters.malformed().increment(source + ": " + why);
        LOG.log(HostMessage.HOST_MESSAGE_IGNORED, source, why);
    }

    private Dhcp6Message serve(Dhcp6RequestContext context, Dhcp6Message request, String source)
            throws Dhcp6Exception {
        Dhcp6MessageType type = request.getMessageType();
        if (request.getOptions() == null) {
            LOG.log(HostMessage.HOST_MESSAGE_IGNORED, source, type + " is not a client message");
            return null;
        }
        return switch (type) {
            case DHCP_SOLICIT -> {
                noServerId(request, type);
                yield leases.lease(context, request, reply(request, Dhcp6MessageType.DHCP_ADVERTISE));
            }
            case DHCP_REQUEST -> ours(request, type, source)
                    ? leases.lease(context, request, reply(request, Dhcp6MessageType.DHCP_REPLY)) : null;
            case DHCP_RENEW -> ours(request, type, source)
                    ? leases.renew(context, request, reply(request, Dhcp6MessageType.DHCP_REPLY)) : null;
            case DHCP_REBIND -> {
                noServerId(request, type);
                yield leases.rebind(context, request, reply(request, Dhcp6MessageType.DHCP_REPLY));
            }
            case DHCP_RELEASE -> ours(request, type, source)
                    ? leases.release(context, request, reply(request, Dhcp6MessageType.DHCP_REPLY)) : null;
            case DHCP_DECLINE -> ours(request, type, source)
                    ? leases.decline(context, request, reply(request, Dhcp6MessageType.DHCP_REPLY)) : null;
            case DHCP_CONFIRM -> {
                noServerId(request, type);
                yield leases.confirm(context, request, reply(request, Dhcp6MessageType.DHCP_REPLY));
            }
            case DHCP_INFORMATION_REQUEST -> information(context, request, source);
            default -> {
                LOG.log(HostMessage.HOST_MESSAGE_IGNORED, source, type + " is not a message a server answers here");
                yield null;
            }
        };
    }

    /** RFC 8415 §16.2, §16.5, §16.7: discard if it carries a Server Identifier. */
    private static void noServerId(Dhcp6Message request, Dhcp6MessageType type) throws MalformedMessageException {
        HostLeaseManager.clientDuid(request);
        if (request.getOptions().get(ServerIdOption.class) != null) {
            throw new MalformedMessageException(name(type) + " with a Server Identifier (RFC 8415 §16)");
        }
    }

    /**
     * RFC 8415 §16.4, §16.6, §16.8, §16.9: a Server Identifier is required, and a message naming
     * another server is not this server's to answer (a REQUEST for another server also withdraws
     * this server's advertisement to the client).
     */
    private boolean ours(Dhcp6Message request, Dhcp6MessageType type, String source) throws MalformedMessageException {
        byte[] duid = HostLeaseManager.clientDuid(request);
        ServerIdOption named = request.getOptions().get(ServerIdOption.class);
        if (named == null) {
            throw new MalformedMessageException(name(type) + " without a Server Identifier (RFC 8415 §16)");
        }
        if (!Arrays.equals(named.getData(), serverDuid)) {
            if (type == Dhcp6MessageType.DHCP_REQUEST) {
                table.withdrawOffers(duid);
            }
            LOG.log(HostMessage.HOST_NO_REPLY, name(type), source, "addressed to another server");
            return false;
        }
        return true;
    }

    private Dhcp6Message information(Dhcp6RequestContext context, Dhcp6Message request, String source)
            throws Dhcp6Exception {
        ServerIdOption named = request.getOptions().get(ServerIdOption.class);
        if (named != null && !Arrays.equals(named.getData(), serverDuid)) {
            LOG.log(HostMessage.HOST_NO_REPLY, "INFORMATION-REQUEST", source, "addressed to another server");
            return null;
        }
        if (!IaCodec.ias(request).isEmpty()) {
            throw new MalformedMessageException("INFORMATION-REQUEST with an IA option (RFC 8415 §16.12)");
        }
        ClientIdOption id = request.getOptions().get(ClientIdOption.class);
        if (id != null) {
            HostLeaseManager.clientDuid(request);
        }
        return leases.requestInformation(context, request, reply(request, Dhcp6MessageType.DHCP_REPLY));
    }

    /** A reply of {@code type} with the request's transaction ID, its Client Identifier (if any) and ours. */
    private Dhcp6Message reply(Dhcp6Message request, Dhcp6MessageType type) {
        Dhcp6Message reply = new Dhcp6Message();
        reply.setMessageType(type);
        reply.setTransactionId(request.getTransactionId());
        Dhcp6Options options = new Dhcp6Options();
        ClientIdOption client = request.getOptions().get(ClientIdOption.class);
        if (client != null) {
            options.add(client);
        }
        options.add(serverId);
        reply.setOptions(options);
        return reply;
    }

    static String name(Dhcp6MessageType type) {
        String name = type.name();
        return (name.startsWith("DHCP_") ? name.substring(5) : name).replace('_', '-');
    }
}
