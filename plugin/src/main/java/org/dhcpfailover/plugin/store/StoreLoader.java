package org.dhcpfailover.plugin.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Rebuilds the live records at start-up: the newest snapshot, then every log from the
 * snapshot's generation on, in order.
 *
 * <p>Only the newest log can have a torn tail, because the store switches to a new log only
 * after everything written to the old one was forced. So a torn tail of the newest log is cut
 * off and reported, and any other damage — in an older log, in a snapshot (written completely
 * and forced before it got its name), or with valid records after it — is refused with a
 * {@link StoreCorruptedException}.
 */
final class StoreLoader {

    private final StoreFileSystem fileSystem;
    private final LiveRecords live = new LiveRecords();
    private final List<TailCut> tailCuts = new ArrayList<>();
    private final List<String> removed = new ArrayList<>();
    private long replayed;

    StoreLoader(StoreFileSystem fileSystem) {
        this.fileSystem = fileSystem;
    }

    /** The state the store resumes from: live records and the newest log, opened for appending. */
    record Loaded(LiveRecords live, long generation, StoreFile log, long logEnd, long logBytesSinceSnapshot,
            LoadReport report) {
    }

    Loaded load() throws IOException {
        TreeMap<Long, String> logs = new TreeMap<>();
        TreeMap<Long, String> snapshots = new TreeMap<>();
        List<String> temporaries = new ArrayList<>();
        for (String name : fileSystem.list()) {
            OptionalLong log = StoreFileNames.logGeneration(name);
            OptionalLong snapshot = StoreFileNames.snapshotGeneration(name);
            if (log.isPresent()) {
                logs.put(log.getAsLong(), name);
            } else if (snapshot.isPresent()) {
                snapshots.put(snapshot.getAsLong(), name);
            } else if (StoreFileNames.isTemporary(name)) {
                temporaries.add(name);
            }
        }
        long base = snapshots.isEmpty() ? 0 : snapshots.lastKey();
        if (!snapshots.isEmpty()) {
            readSnapshot(snapshots.lastEntry().getValue());
        }
        List<Long> replay = new ArrayList<>(logs.tailMap(base, true).keySet());
        checkContiguous(base, replay, !snapshots.isEmpty());

        StoreFile active = null;
        long activeEnd = 0;
        long logBytes = 0;
        for (int i = 0; i < replay.size(); i++) {
            boolean newest = i == replay.size() - 1;
            String name = logs.get(replay.get(i));
            StoreFile file = fileSystem.open(name);
            try {
                long end = replayLog(file, name, newest);
                logBytes += end;
                if (newest) {
                    active = file;
                    activeEnd = end;
                } else {
                    file.close();
                }
            } catch (IOException | RuntimeException e) {
                file.close();
                throw e;
            }
        }
        removeLeftovers(logs.headMap(base, false).values(), snapshots.headMap(base, false).values(), temporaries);
        long generation = replay.isEmpty() ? base : replay.get(replay.size() - 1);
        if (active == null) {
            active = fileSystem.open(StoreFileNames.log(generation));
            fileSystem.syncDirectory();
        }
        return new Loaded(live, generation, active, activeEnd, logBytes,
                new LoadReport(live.size(), replayed, tailCuts, removed));
    }

    private void readSnapshot(String name) throws IOException {
        long[] end = {-1};
        long[] dataRecords = {0};
        try (StoreFile file = fileSystem.open(name)) {
            FileScan scan = new RecordFileReader(file).scan(record -> {
                if (end[0] >= 0) {
                    end[0] = Long.MIN_VALUE;
                } else if (record.kind() == LogRecord.Kind.SNAPSHOT_END) {
                    end[0] = record.value().length == 8 ? ByteBuffer.wrap(record.value()).getLong() : Long.MIN_VALUE;
                } else {
                    live.apply(record);
                    dataRecords[0]++;
                }
            });
            replayed += scan.records();
            if (scan.damaged()) {
                throw new StoreCorruptedException(fileSystem.describe(name), scan.validLength(),
                        "damaged snapshot (" + scan.damage() + ")");
            }
            if (end[0] != dataRecords[0]) {
                throw new StoreCorruptedException(fileSystem.describe(name), scan.validLength(),
                        "snapshot is incomplete: its end marker is missing, misplaced or counts "
                                + end[0] + " records where " + dataRecords[0] + " were read");
            }
        }
    }

    /** Compaction creates log N+1 before snapshot N+1, so the logs from the base on have no gap. */
    private void checkContiguous(long base, List<Long> replay, boolean haveSnapshot) throws IOException {
        if (haveSnapshot && replay.isEmpty()) {
            throw new StoreCorruptedException(fileSystem.describe(StoreFileNames.log(base)), 0,
                    "the log that follows the newest snapshot is missing");
        }
        for (int i = 0; i < replay.size(); i++) {
            long expected = base + i;
            if (replay.get(i) != expected) {
                throw new StoreCorruptedException(fileSystem.describe(StoreFileNames.log(expected)), 0,
                        "log generation " + expected + " is missing");
            }
        }
    }

    /** Replays one log; returns the length of its valid part, cutting a torn tail of the newest. */
    private long replayLog(StoreFile file, String name, boolean newest) throws IOException {
        FileScan scan = new RecordFileReader(file).scan(record -> {
            if (record.kind() != LogRecord.Kind.SNAPSHOT_END) {
                live.apply(record);
            }
        });
        replayed += scan.records();
        if (!scan.damaged()) {
            return scan.validLength();
        }
        if (scan.damagedInTheMiddle()) {
            throw new StoreCorruptedException(fileSystem.describe(name), scan.validLength(),
                    scan.damage() + ", with a valid record at offset " + scan.nextValidOffset()
                            + " after it, so this is not a write torn by a power loss");
        }
        if (!newest) {
            throw new StoreCorruptedException(fileSystem.describe(name), scan.validLength(),
                    scan.damage() + " in a log that was complete when the store moved to the next one");
        }
        file.truncate(scan.validLength());
        file.force();
        tailCuts.add(new TailCut(fileSystem.describe(name), scan.validLength(),
                scan.fileLength() - scan.validLength(), scan.damage()));
        return scan.validLength();
    }

    /** Files a finished compaction made obsolete, and temporaries of an interrupted one. */
    private void removeLeftovers(Iterable<String> oldLogs, Iterable<String> oldSnapshots, List<String> temporaries)
            throws IOException {
        List<String> obsolete = new ArrayList<>();
        oldLogs.forEach(obsolete::add);
        oldSnapshots.forEach(obsolete::add);
        obsolete.addAll(temporaries);
        for (String name : obsolete) {
            fileSystem.delete(name);
            removed.add(fileSystem.describe(name));
        }
        if (!obsolete.isEmpty()) {
            fileSystem.syncDirectory();
        }
    }
}
