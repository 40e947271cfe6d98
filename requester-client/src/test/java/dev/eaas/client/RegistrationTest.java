package dev.eaas.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eaas.topics.SuiteId;
import org.junit.jupiter.api.Test;

class RegistrationTest {

    @Test
    void toStringHidesToken() {
        Registration registration = new Registration(54, 2, 8, 173);

        assertThat(registration.toString())
                .isEqualTo("Registration[subscriber=54, coordinator=2, deceptionFactorBits=8, token=(hidden),"
                        + " cipherSuite=aes-256-gcm]")
                .doesNotContain("173");
    }

    @Test
    void framesPerRequestIsTwoToTheD() {
        assertThat(new Registration(54, 2, 0, 0).framesPerRequest()).isEqualTo(1);
        assertThat(new Registration(54, 2, 3, 0).framesPerRequest()).isEqualTo(8);
        assertThat(new Registration(54, 2, 16, 0).framesPerRequest()).isEqualTo(65_536);
    }

    @Test
    void tokenWiderThanFactorIsRejected() {
        assertThatThrownBy(() -> new Registration(54, 2, 2, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid token for deception factor 2 bits; it must be between 0 and 3");
    }

    @Test
    void deceptionFactorAboveMaximumIsRejected() {
        assertThatThrownBy(() -> new Registration(54, 2, 17, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid deception factor 17 bits; it must be between 0 and 16");
    }

    @Test
    void fourValuesMeanDefaultSuite() {
        Registration registration = new Registration(54, 2, 2, 1);

        assertThat(registration.cipherSuite()).isEqualTo(SuiteId.AES_256_GCM);
    }

    @Test
    void missingSuiteIsRejected() {
        assertThatThrownBy(() -> new Registration(54, 2, 2, 1, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("cipherSuite");
    }

    @Test
    void negativeSubscriberIsRejected() {
        assertThatThrownBy(() -> new Registration(-1, 2, 2, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid subscriber -1; it must not be negative");
    }
}
