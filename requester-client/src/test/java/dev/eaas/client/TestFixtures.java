package dev.eaas.client;

import dev.eaas.topics.frame.FrameLayout;

/** Configuration shared by the unit tests; no broker listens at its address. */
final class TestFixtures {

    static final String BOOTSTRAP_SERVERS = "127.0.0.1:9092";

    private TestFixtures() {
    }

    /** Paper layout (s=8, r=5, n=12), 1000 ms timeout, backoff 100 ms doubling up to 400 ms. */
    static EaasClientConfig config() {
        return config(FrameLayout.PAPER_EXAMPLE);
    }

    static EaasClientConfig config(FrameLayout layout) {
        return EaasClientConfig.builder()
                .bootstrapServers(BOOTSTRAP_SERVERS)
                .frameLayout(layout)
                .requestTimeoutMs(1_000)
                .retryBackoffMs(100)
                .retryBackoffMaxMs(400)
                .build();
    }
}
