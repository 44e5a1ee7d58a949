package io.tern.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of another process from {@code /proc/PID/stat} (proc(5): utime and stime, fields 14
 * and 15, in clock ticks). Ticks are taken as 100 Hz, the Linux USER_HZ everywhere in practice.
 */
final class CpuTime {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private CpuTime() {
    }

    /** utime + stime of {@code pid} in nanoseconds. */
    static long ofProcess(long pid) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (IOException e) {
            throw new BenchException("--cpu-pid " + pid + ": cannot read /proc/" + pid + "/stat: " + e.getMessage());
        }
        return parseStat(stat);
    }

    /** The comm field may hold spaces and parentheses: count fields after the last ')'. */
    static long parseStat(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        // f[0] is field 3 (state): utime is field 14 → f[11], stime field 15 → f[12]
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * NANOS_PER_TICK;
    }
}
