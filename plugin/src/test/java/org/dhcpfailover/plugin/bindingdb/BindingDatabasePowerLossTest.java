package org.dhcpfailover.plugin.bindingdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dhcpfailover.plugin.binding.Binding;
import org.dhcpfailover.plugin.binding.BindingClient;
import org.dhcpfailover.plugin.binding.Lease;
import org.dhcpfailover.plugin.store.PowerLossDisk;
import org.dhcpfailover.plugin.store.StoreSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RFC 8156 §8.4 durability through the whole database: seeded schedules of commits,
 * multi-lease commits and removals, each cut by a power loss at a random disk operation (half
 * of them tearing the unforced write), with three reboots per schedule. After every reboot,
 * each lease holds the value of its last commit whose future completed, or the value of a
 * commit attempted after that one (an update that reached the disk although its caller was not
 * told is allowed; one the caller was told about is never missing), and the client index
 * agrees with the bindings.
 */
class BindingDatabasePowerLossTest {
    private static final int SCHEDULES = 300;
    private static final int LEASES = 24;
    /** Small compaction minimum, so schedules also cut the power during compaction. */
    private static final StoreSettings SETTINGS = new StoreSettings(Duration.ZERO, 64, 2048);

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void everyAcknowledgedBindingSurvivesAPowerLoss() throws Exception {
        for (long seed = 0; seed < SCHEDULES; seed++) {
            schedule(seed);
        }
    }

    private static void schedule(long seed) throws Exception {
        Random random = new Random(seed);
        PowerLossDisk disk = new PowerLossDisk();
        Map<Lease, Set<Optional<Binding>>> allowed = new HashMap<>();
        List<Lease> leases = new ArrayList<>();
        for (int i = 0; i < LEASES; i++) {
            Lease lease = BindingSamples.address(i);
            leases.add(lease);
            allowed.put(lease, new HashSet<>(Set.of(Optional.empty())));
        }
        for (int boot = 0; boot < 3; boot++) {
            String where = "seed " + seed + " boot " + boot;
            BindingDatabase db = BindingDatabase.open(disk.fileSystem(), SETTINGS, "fuzz");
            for (Lease lease : leases) {
                Optional<Binding> found = db.get(lease);
                assertTrue(allowed.get(lease).contains(found), where + ": " + lease + " holds " + found);
                found.flatMap(Binding::client).map(BindingClient::duid)
                        .ifPresent(duid -> assertTrue(db.byClient(duid).contains(found.get()), where + " index"));
                allowed.put(lease, new HashSet<>(Set.of(found)));
            }
            disk.crashAtOperation(1 + random.nextInt(60));
            List<Lease> opLeases = new ArrayList<>();
            List<Optional<Binding>> opValues = new ArrayList<>();
            List<CompletableFuture<Void>> opFutures = new ArrayList<>();
            for (int op = 0; op < 120; op++) {
                int kind = random.nextInt(8);
                if (kind == 0) {
                    Lease lease = leases.get(random.nextInt(LEASES));
                    record(opLeases, opValues, opFutures, allowed, lease, Optional.empty(), db.remove(lease));
                } else {
                    int count = kind == 1 ? 2 + random.nextInt(4) : 1;
                    List<Binding> bindings = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        bindings.add(BindingDatabaseTest.relabel(withFewClients(BindingSamples.random(random), random),
                                leases.get(random.nextInt(LEASES))));
                    }
                    CompletableFuture<Void> durable = count == 1 ? db.commit(bindings.get(0)) : db.commitAll(bindings);
                    for (Binding binding : bindings) {
                        record(opLeases, opValues, opFutures, allowed, binding.lease(), Optional.of(binding), durable);
                    }
                }
            }
            CompletableFuture.allOf(opFutures.stream().map(f -> f.handle((ok, e) -> null))
                    .toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            for (int i = 0; i < opFutures.size(); i++) {
                if (!opFutures.get(i).isCompletedExceptionally()) {
                    Set<Optional<Binding>> now = new HashSet<>();
                    now.add(opValues.get(i));
                    for (int j = i + 1; j < opFutures.size(); j++) {
                        if (opLeases.get(j).equals(opLeases.get(i))) {
                            now.add(opValues.get(j));
                        }
                    }
                    allowed.put(opLeases.get(i), now);
                }
            }
            disk.cutPower();
            db.close();
            disk.powerLoss(random.nextBoolean() ? null : new Random(random.nextLong()));
        }
        try (BindingDatabase db = BindingDatabase.open(disk.fileSystem(), SETTINGS, "fuzz")) {
            for (Lease lease : leases) {
                assertTrue(allowed.get(lease).contains(db.get(lease)), "seed " + seed + " final: " + lease);
            }
            assertEquals(leases.stream().filter(l -> db.get(l).isPresent()).count(), db.size());
        }
    }

    private static void record(List<Lease> leases, List<Optional<Binding>> values,
            List<CompletableFuture<Void>> futures, Map<Lease, Set<Optional<Binding>>> allowed, Lease lease,
            Optional<Binding> value, CompletableFuture<Void> durable) {
        leases.add(lease);
        values.add(value);
        futures.add(durable);
        allowed.get(lease).add(value);
    }

    /** Five DUIDs only, so leases move between clients and the index is exercised. */
    private static Binding withFewClients(Binding binding, Random random) {
        return binding.client().map(c -> new Binding(binding.lease(),
                Optional.of(new BindingClient(BindingSamples.duid(random.nextInt(5)), c.iaType(), c.iaid())),
                binding.status(), binding.times(), binding.lifetimes(), binding.sync(), binding.reusableForOthersAt(),
                binding.echoed())).orElse(binding);
    }
}
