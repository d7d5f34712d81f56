package org.dhcpfailover.plugin.simulation;

import java.io.IOException;
import org.dhcpfailover.plugin.bindingdb.BindingDatabase;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.sync.EndpointThread;
import org.dhcpfailover.plugin.sync.LeaseLedger;
import org.dhcpfailover.plugin.sync.TestLedgers;
import java.io.UncheckedIOException;
import org.dhcpfailover.plugin.allocation.Allocator;
import org.dhcpfailover.plugin.allocation.PoolSet;
import org.dhcpfailover.plugin.allocation.PoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhcpfailover.plugin.config.RelationshipConfig;
import org.dhcpfailover.plugin.config.Role;
import org.dhcpfailover.plugin.endpoint.EndpointState;
import org.dhcpfailover.plugin.endpoint.EndpointStatus;
import org.dhcpfailover.plugin.endpoint.FailoverEndpoint;
import org.dhcpfailover.plugin.log.CatalogLogger;
import org.dhcpfailover.plugin.log.RecordingLogger;
import org.slf4j.event.Level;

/**
 * One DHCP server of the pair as the simulation sees it: its configuration, its stable storage
 * (which survives crashes), its log, and the {@link FailoverEndpoint} of the current
 * incarnation — {@code null} while the server is down. A crash discards the endpoint without
 * shutdown; a restart builds a new one on the same store and runs STARTUP (RFC 8156 §8.3).
 */
final class SimulatedServer {

    private static final Pattern STATE_CHANGED =
            Pattern.compile("^FO_STATE_CHANGED \\S+: state (\\S+) -> (\\S+) \\((.*)\\)$");

    private final Role role;
    private final RelationshipConfig config;
    private final SimulatedStore store = new SimulatedStore();
    /** The binding store's disk: what was synced survives crashes; a lost-storage fault replaces it. */
    private PowerLossDisk disk = new PowerLossDisk();
    private BindingDatabase database;
    private LeaseLedger ledger;
    /** The pools the host serves; empty: the harness picks leases itself and every lease is in scope. */
    private List<PoolSpec> pools = List.of();
    private Allocator allocator;
    private final RecordingLogger logger = new RecordingLogger(Level.INFO);
    private final CatalogLogger log = CatalogLogger.wrap(logger);
    private final List<String> path = new ArrayList<>();
    private FailoverEndpoint endpoint;
    private int linesSeen;
    /** When this server last went down (crash or stop), absolute seconds; meaningful while down. */
    private long downSince;
    /** Told after every successful sync of the binding store, and after it was loaded at start. */
    private final List<Consumer<SimulatedServer>> durableListeners = new ArrayList<>();
    private final List<Consumer<SimulatedServer>> loadListeners = new ArrayList<>();

    SimulatedServer(RelationshipConfig config) {
        this.role = config.role();
        this.config = config;
    }

    Role role() {
        return role;
    }

    RelationshipConfig config() {
        return config;
    }

    SimulatedStore store() {
        return store;
    }

    RecordingLogger logger() {
        return logger;
    }

    boolean isUp() {
        return endpoint != null;
    }

    FailoverEndpoint endpoint() {
        if (endpoint == null) {
            throw new IllegalStateException(role + " is down");
        }
        return endpoint;
    }

    long downSince() {
        return downSince;
    }

    /** The current state, or {@code null} while down. */
    EndpointState state() {
        return endpoint == null ? null : endpoint.status().state();
    }

    EndpointStatus status() {
        return endpoint().status();
    }

    /** Every state this server went through, as a literal path ("STARTUP", "RECOVER", ...). */
    List<String> path() {
        return List.copyOf(path);
    }

    /** The bindings of the running incarnation. */
    LeaseLedger ledger() {
        endpoint();
        return ledger;
    }

    /**
     * Serves {@code specs} from the next start on: each incarnation gets a fresh {@link PoolSet}
     * (it learns the free resources from the loaded store) and an {@link Allocator}, and its
     * ledger refuses received updates outside the pools (§7.5.4 ConfigurationConflict).
     */
    void usePools(List<PoolSpec> specs) {
        this.pools = List.copyOf(specs);
    }

    /** The allocator of the running incarnation; only when pools are configured. */
    Allocator allocator() {
        endpoint();
        if (allocator == null) {
            throw new IllegalStateException(role + " has no pools configured");
        }
        return allocator;
    }

    /** The binding store of the running incarnation, as loaded and changed since. */
    BindingDatabase database() {
        endpoint();
        return database;
    }

    /** The disk under the binding store: it outlives the process. */
    PowerLossDisk disk() {
        return disk;
    }

    /** Runs {@code listener} after each sync of the binding store that left memory and disk equal. */
    void afterDurable(Consumer<SimulatedServer> listener) {
        durableListeners.add(listener);
    }

    /** Runs {@code listener} when a starting incarnation has loaded its binding store. */
    void afterLoad(Consumer<SimulatedServer> listener) {
        loadListeners.add(listener);
    }

    /** Syncs what the running incarnation's binding store has queued (the disk catching up). */
    void flushDisk() {
        if (database != null) {
            int written = database.writeQueued();
            if (written > 0 && database.failure().isEmpty()) {
                durableListeners.forEach(listener -> listener.accept(this));
            }
        }
    }

    /** The disk is replaced by an empty one (lost storage, §8.3.2 step 1). */
    void replaceDisk() {
        store.wipe();
        disk = new PowerLossDisk();
    }

    void start(long now, EndpointThread thread) {
        if (endpoint != null) {
            throw new IllegalStateException(role + " is already running");
        }
        database = TestLedgers.steppedDatabase(disk, config.name());
        if (pools.isEmpty()) {
            ledger = TestLedgers.ledger(database, config.mclt().toSeconds());
        } else {
            PoolSet poolSet = new PoolSet(pools);
            ledger = TestLedgers.ledger(database, poolSet.scope(), config.mclt().toSeconds());
            allocator = new Allocator(ledger, poolSet, role, config.name(), log);
        }
        endpoint = new FailoverEndpoint(config, store, ledger, thread, log);
        loadListeners.forEach(listener -> listener.accept(this));
        // As the service does: a host change wakes the endpoint on its own thread to send the BNDUPD.
        FailoverEndpoint woken = endpoint;
        ledger.onChange(() -> thread.later(at -> woken.onHostChanges(at)));
        try {
            endpoint.start(now);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The process dies: no shutdown, no DISCONNECT; what it stored stays. */
    void crash(long now) {
        endpoint();
        endpoint = null;
        database = null; // unsynced commits die with the process
        ledger = null;
        allocator = null;
        downSince = now;
    }

    /** Orderly stop: DISCONNECT with ServerShuttingDown, close (RFC 8156 §5.3.10). */
    void stop(long now) {
        endpoint().shutdown(now);
        endpoint = null;
        try {
            database.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        database = null;
        ledger = null;
        allocator = null;
        downSince = now;
    }

    /**
     * The state this server most recently logged entering, if any. A STATE sent in the middle
     * of a step that makes two transitions (STARTUP → COMMUNICATIONS-INTERRUPTED → NORMAL)
     * announces the first of them, which this returns at that moment, while the state machine
     * already holds the second.
     */
    Optional<EndpointState> lastLoggedState() {
        List<RecordingLogger.Line> lines = logger.lines;
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = STATE_CHANGED.matcher(lines.get(i).text());
            if (m.matches()) {
                return Optional.of(EndpointState.valueOf(m.group(2)));
            }
        }
        return Optional.empty();
    }

    /** The state changes logged since the last call, oldest first; also extends {@link #path()}. */
    List<Transition> drainTransitions(long now) {
        List<Transition> found = new ArrayList<>();
        List<RecordingLogger.Line> lines = logger.lines;
        for (; linesSeen < lines.size(); linesSeen++) {
            Matcher m = STATE_CHANGED.matcher(lines.get(linesSeen).text());
            if (m.matches()) {
                Transition t = new Transition(role, EndpointState.valueOf(m.group(1)),
                        EndpointState.valueOf(m.group(2)), m.group(3), now);
                String from = StateNames.of(t.from());
                if (path.isEmpty() || !path.get(path.size() - 1).equals(from)) {
                    path.add(from);
                }
                path.add(StateNames.of(t.to()));
                found.add(t);
            }
        }
        return found;
    }
}
