package org.dhcpfailover.plugin.simulation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.Lease;

/**
 * What one server's binding store has made durable, watched from outside (invariant (2): every
 * acknowledged update is present after restart). After each sync the harness records the whole
 * store ({@link #synced}); the image is what a crash at that moment must give back, and the
 * history of every version a lease had on disk tells whether something the server acknowledged —
 * a BNDREPLY, a lease told to a client — was durable before it was acknowledged (RFC 8156 §7.5.2,
 * §8.4: never before).
 *
 * <p>Why the image must come back exactly: in stepped mode nothing reaches the disk except a sync,
 * which forces, so a crash (with or without power loss) keeps every synced version and none of
 * the later ones. The one exception is a power cut in the middle of a sync ({@link #tornSync}):
 * each lease may then come back either as last synced or as the batch being written had it.
 */
final class DurableWitness {

    private Map<Lease, Binding> image = Map.of();
    private final Map<Lease, Set<Binding>> history = new HashMap<>();
    /** Versions seen in memory since the last sync: durable once the next sync succeeds. */
    private final Set<Binding> unsynced = new HashSet<>();
    /** The version of each lease last seen in memory, by identity: bindings are immutable values. */
    private final Map<Lease, Binding> lastSeen = new HashMap<>();
    /** Set while a sync was cut by a power loss: what memory held then, lease by lease. */
    private Map<Lease, Binding> torn;
    /** Leases committed since the last {@link #seenChanged}. */
    private final Set<Lease> changed = new HashSet<>();

    /**
     * {@code bindings} is what memory holds after an event: each version becomes durable with the
     * next sync. Several versions of one lease may share a sync; each was on disk (in the log)
     * when the sync completed, which is what an acknowledgement needs.
     */
    void seen(Iterable<Binding> bindings) {
        for (Binding binding : bindings) {
            if (lastSeen.put(binding.lease(), binding) != binding) {
                unsynced.add(binding);
            }
        }
    }

    /** {@code lease} was committed (the ledger's observer says so); its version is read after the event. */
    void changed(Lease lease) {
        changed.add(lease);
    }

    /**
     * Like {@link #seen} for the leases committed since the last call, as {@code current} holds
     * them now: the other leases hold a version already seen, so reading only these is
     * equivalent and does not decode the whole store after every event.
     */
    void seenChanged(Function<Lease, Optional<Binding>> current) {
        List<Binding> now = new ArrayList<>(changed.size());
        for (Lease lease : changed) {
            current.apply(lease).ifPresent(now::add);
        }
        changed.clear();
        seen(now);
    }

    /** The store was just synced: {@code bindings} is on disk now, and so is every version seen before. */
    void synced(Iterable<Binding> bindings) {
        for (Binding binding : unsynced) {
            history.computeIfAbsent(binding.lease(), l -> new HashSet<>()).add(binding);
        }
        unsynced.clear();
        Map<Lease, Binding> now = new HashMap<>();
        for (Binding binding : bindings) {
            now.put(binding.lease(), binding);
            history.computeIfAbsent(binding.lease(), l -> new HashSet<>()).add(binding);
        }
        image = now;
    }

    /** A power cut struck during a sync of a store whose memory held {@code inMemory}. */
    void tornSync(Iterable<Binding> inMemory) {
        torn = new HashMap<>();
        for (Binding binding : inMemory) {
            torn.put(binding.lease(), binding);
        }
    }

    /**
     * Compares a freshly loaded store with what was durable; returns the first difference, or
     * {@code null}. The loaded store becomes the new image.
     */
    String checkLoaded(Iterable<Binding> loaded) {
        Map<Lease, Binding> got = new HashMap<>();
        for (Binding binding : loaded) {
            got.put(binding.lease(), binding);
        }
        String problem = null;
        Set<Lease> leases = new HashSet<>(image.keySet());
        leases.addAll(got.keySet());
        for (Lease lease : leases) {
            Binding durable = image.get(lease);
            Binding back = got.get(lease);
            boolean fine = Objects.equals(durable, back)
                    || (torn != null && back != null && back.equals(torn.get(lease)));
            if (!fine && problem == null) {
                problem = lease + " was durable as " + durable + " but came back as " + back;
            }
        }
        torn = null;
        unsynced.clear();
        synced(got.values());
        return problem;
    }

    /** Whether some version of {@code lease} that satisfies {@code acknowledged} was ever synced. */
    boolean wasDurable(Lease lease, Predicate<Binding> acknowledged) {
        return history.getOrDefault(lease, Set.of()).stream().anyMatch(acknowledged);
    }
}
