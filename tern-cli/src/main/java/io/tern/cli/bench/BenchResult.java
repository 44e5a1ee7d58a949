package io.tern.cli.bench;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of a bench run. Every submit_sm sent is in exactly one of: a response (by
 * command_status), a timeout, or lost (its session closed while it was outstanding).
 *
 * @param planned submit_sm the run meant to send
 * @param statuses responses by command_status mnemonic
 * @param late responses that came after their request had timed out (already counted as timeouts)
 * @param mo deliver_sm that were not receipts
 * @param hitMaxDuration the run was cut off by {@code --max-duration}
 * @param responseNanos first submit to last response
 * @param submitNanos first submit to the moment every request was accounted for
 * @param receipts accepted messages whose receipt came back (each counted once)
 * @param receiptsReceived every receipt deliver_sm, duplicates included
 * @param lastReceiptNanos first submit to last receipt, 0 if none
 * @param serverCpuNanos CPU time of {@code --cpu-pid} during the run, -1 if not measured
 * @param receiptLatency per message with a receipt: its submit_sm sent to its first receipt received
 *     (after the warm-up, as {@code latency})
 */
record BenchResult(BenchConfig config, long planned, long sent, Map<String, Long> statuses, long ok,
        long responses, long timeouts, long lost, long late, long mo, boolean hitMaxDuration, Histogram latency,
        long responseNanos, long submitNanos, long receipts, long receiptsReceived, long receiptsUnmatched,
        Map<String, Long> receiptStates, long lastReceiptNanos, long serverCpuNanos, Histogram receiptLatency) {

    long failed() {
        return responses - ok;
    }

    double tps() {
        return responseNanos > 0 ? responses * 1e9 / responseNanos : 0;
    }

    double receiptTps() {
        return lastReceiptNanos > 0 ? receipts * 1e9 / lastReceiptNanos : 0;
    }

    /** Every planned message answered, and with receipts every accepted one has its receipt. */
    boolean complete() {
        return sent == planned && responses == sent && (!config.dlr() || receipts >= ok);
    }

    double percentileMs(double p) {
        return percentileMs(latency, p);
    }

    double receiptPercentileMs(double p) {
        return percentileMs(receiptLatency, p);
    }

    private static double percentileMs(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1e6;
    }

    void print(PrintStream out) {
        out.printf(Locale.ROOT, "messages sent:      %d submit_sm (%d planned)%n", sent, planned);
        out.printf(Locale.ROOT, "responses:          %d%n", responses);
        statuses.forEach((k, v) -> out.printf(Locale.ROOT, "  %-18s%d%n", k + ":", v));
        out.printf(Locale.ROOT, "timeouts:           %d%s%n", timeouts, late > 0 ? " (" + late + " answered late)" : "");
        out.printf(Locale.ROOT, "lost:               %d%n", lost);
        if (sent < planned) {
            out.printf(Locale.ROOT, "not sent:           %d%s%n", planned - sent,
                    hitMaxDuration ? " (--max-duration reached)" : "");
        }
        out.printf(Locale.ROOT, "throughput:         %.0f msg/s (%.3f s to last response)%n", tps(),
                responseNanos / 1e9);
        if (!config.warmUp().isZero()) {
            out.printf(Locale.ROOT, "latency measured:   %d responses to requests sent after the %.1f s warm-up%n",
                    latency.getTotalCount(), config.warmUp().toMillis() / 1e3);
        }
        out.printf(Locale.ROOT, "latency ms:         p50=%.3f p99=%.3f p99.9=%.3f max=%.3f%n",
                percentileMs(50), percentileMs(99), percentileMs(99.9),
                latency.getTotalCount() == 0 ? 0 : latency.getMaxValue() / 1e6);
        if (config.dlr()) {
            out.printf(Locale.ROOT, "receipts:           %d of %d accepted (%d receipt PDUs, %d unmatched)%n",
                    receipts, ok, receiptsReceived, receiptsUnmatched);
            receiptStates.forEach((k, v) -> out.printf(Locale.ROOT, "  %-18s%d%n", k + ":", v));
            out.printf(Locale.ROOT, "receipt throughput: %.0f receipts/s; last receipt %.3f s after first submit%n",
                    receiptTps(), lastReceiptNanos / 1e9);
            out.printf(Locale.ROOT, "submit to receipt:  p50=%.3f p99=%.3f p99.9=%.3f max=%.3f ms (%d messages)%n",
                    receiptPercentileMs(50), receiptPercentileMs(99), receiptPercentileMs(99.9),
                    receiptLatency.getTotalCount() == 0 ? 0 : receiptLatency.getMaxValue() / 1e6,
                    receiptLatency.getTotalCount());
        }
        if (mo > 0) {
            out.printf(Locale.ROOT, "mobile originated:  %d deliver_sm (not receipts)%n", mo);
        }
        if (serverCpuNanos >= 0) {
            out.printf(Locale.ROOT, "server CPU:         %.3f s, %.2f us/msg%n", serverCpuNanos / 1e9, cpuPerMessageMicros());
        }
        out.println(summary());
    }

    double cpuPerMessageMicros() {
        return responses > 0 ? serverCpuNanos / 1e3 / responses : 0;
    }

    /** One machine-readable line: {@code SUMMARY key=value ...}. */
    String summary() {
        StringBuilder sb = new StringBuilder("SUMMARY");
        kv(sb, "sent", sent);
        kv(sb, "ok", ok);
        kv(sb, "failed", failed());
        kv(sb, "timeouts", timeouts);
        kv(sb, "lost", lost);
        kv(sb, "not_sent", planned - sent);
        kv(sb, "tps", String.format(Locale.ROOT, "%.0f", tps()));
        kv(sb, "p50_ms", String.format(Locale.ROOT, "%.3f", percentileMs(50)));
        kv(sb, "p99_ms", String.format(Locale.ROOT, "%.3f", percentileMs(99)));
        kv(sb, "p999_ms", String.format(Locale.ROOT, "%.3f", percentileMs(99.9)));
        if (!config.warmUp().isZero()) {
            kv(sb, "latency_samples", latency.getTotalCount());
            kv(sb, "warm_up_s", String.format(Locale.ROOT, "%.1f", config.warmUp().toMillis() / 1e3));
        }
        kv(sb, "receipts", receipts);
        kv(sb, "receipt_tps", String.format(Locale.ROOT, "%.0f", receiptTps()));
        kv(sb, "last_receipt_s", String.format(Locale.ROOT, "%.3f", lastReceiptNanos / 1e9));
        if (config.dlr()) {
            kv(sb, "receipt_p50_ms", String.format(Locale.ROOT, "%.3f", receiptPercentileMs(50)));
            kv(sb, "receipt_p99_ms", String.format(Locale.ROOT, "%.3f", receiptPercentileMs(99)));
        }
        kv(sb, "elapsed_s", String.format(Locale.ROOT, "%.3f", submitNanos / 1e9));
        if (serverCpuNanos >= 0) {
            kv(sb, "cpu_us_per_msg", String.format(Locale.ROOT, "%.2f", cpuPerMessageMicros()));
        }
        kv(sb, "complete", complete());
        return sb.toString();
    }

    private static void kv(StringBuilder sb, String k, Object v) {
        sb.append(' ').append(k).append('=').append(v);
    }
}
