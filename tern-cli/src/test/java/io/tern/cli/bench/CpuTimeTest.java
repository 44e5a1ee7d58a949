package io.tern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuTimeTest {

    @Test
    void readsUtimeAndStimeAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 5000 0 0 0 250 50 0 0 20 0 30 0 100 0 0";

        assertThat(CpuTime.parseStat(stat)).isEqualTo((250 + 50) * 10_000_000L);
    }

    @Test
    void readsThisProcess() {
        assertThat(CpuTime.ofProcess(ProcessHandle.current().pid())).isPositive();
    }
}
