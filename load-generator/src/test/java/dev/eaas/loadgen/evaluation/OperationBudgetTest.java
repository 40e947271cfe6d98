package dev.eaas.loadgen.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OperationBudgetTest {

    @Test
    void encryptionsBeyondBudgetAreSkippedUntilRefill() {
        AtomicLong nanos = new AtomicLong();
        OperationBudget budget = new OperationBudget(2, nanos::get);

        assertThat(budget.tryTake()).isTrue();
        assertThat(budget.tryTake()).isTrue();
        assertThat(budget.tryTake()).isFalse();
        nanos.addAndGet(500_000_000L);
        assertThat(budget.tryTake()).isTrue();
    }

    @Test
    void decryptionsRunInDebt() {
        AtomicLong nanos = new AtomicLong();
        OperationBudget budget = new OperationBudget(1, nanos::get);

        budget.take();
        budget.take();
        nanos.addAndGet(1_000_000_000L);
        assertThat(budget.tryTake()).isFalse();
        nanos.addAndGet(1_000_000_000L);
        assertThat(budget.tryTake()).isTrue();
    }
}
