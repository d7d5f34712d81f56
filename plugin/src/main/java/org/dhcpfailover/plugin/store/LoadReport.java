package org.dhcpfailover.plugin.store;

import java.util.List;

/**
 * What loading the store found, for the caller to log: the store itself does not log, so that
 * the lines come from the plugin's message catalogue with the relationship's name.
 *
 * @param liveRecords      keys holding a value after replay
 * @param replayedRecords  records read from the snapshot and the logs
 * @param tailCuts         torn tails that were cut off (at most one, on the newest log)
 * @param removedFiles     leftovers of an interrupted compaction that were deleted
 */
public record LoadReport(long liveRecords, long replayedRecords, List<TailCut> tailCuts, List<String> removedFiles) {

    public LoadReport {
        tailCuts = List.copyOf(tailCuts);
        removedFiles = List.copyOf(removedFiles);
    }
}
