package dev.eaas.topology.coordinator;

import static dev.eaas.topology.coordinator.CoordinatorDriver.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.ReplyHeaders;
import dev.eaas.topics.RequestPartitions;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topology.common.ServiceConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CoordinatorReplayTest {

    @TempDir
    Path stateDir;

    private CoordinatorDriver coordinator;

    @AfterEach
    void closeDriver() {
        if (coordinator != null) {
            coordinator.close();
        }
    }

    @Test
    void replayedFrameIsDroppedSilently() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(), 1);
        byte[] captured = coordinator.realEncryptionFrame(3, 40, 1, new byte[] {7});
        coordinator.requests.pipeInput(captured);

        coordinator.requests.pipeInput(captured);

        assertThat(coordinator.keyRequests.readValuesToList()).hasSize(1);
        assertThat(coordinator.counter("dropped-replay")).isEqualTo(1.0);
        assertThat(coordinator.replies.isEmpty()).as("a duplicate gets no reply").isTrue();
    }

    @Test
    void unreadableWindowIsReplaced() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(), 1);
        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 40, 1, new byte[] {7}));
        coordinator.keyRequests.readValuesToList();
        coordinator.corruptReplayWindow(3);

        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 41, 1, new byte[] {8}));

        assertThat(coordinator.keyRequests.readValuesToList()).as("the requester is still served").hasSize(1);
    }

    @Test
    void decoysWithSameSequenceDoNotFillWindow() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(), 1);

        coordinator.sendEncryption(3, 41, 1, new byte[] {1, 2});

        assertThat(coordinator.keyRequests.readValuesToList()).hasSize(1);
        assertThat(coordinator.counter("dropped-wrong-token")).isEqualTo(3.0);
        assertThat(coordinator.counter("dropped-replay")).isZero();
    }

    @Test
    void wrongTokenFloodTouchesNoWindow() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(), 1);
        for (int requester = 0; requester < 200; requester++) {
            int wrongToken = (CoordinatorDriver.TOKEN + 1 + requester % 3) % (1 << CoordinatorDriver.D);
            coordinator.requests.pipeInput(coordinator.codec.encode(new Frame(
                    CoordinatorDriver.SUBSCRIBER, requester, requester, RequestType.ENCRYPT, 1,
                    wrongToken, CoordinatorDriver.D, new byte[16])));
        }

        assertThat(coordinator.counter("dropped-wrong-token")).isEqualTo(200.0);
        assertThat(coordinator.keyRequests.isEmpty()).as("no key lookup").isTrue();
        assertThat(coordinator.replayWindowCount()).as("no window state").isZero();
    }

    @Test
    void sequencesAcrossWrapAreAllServed() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(ServiceConfig.FRAME_SEQUENCE_BITS, "8",
                ServiceConfig.COORDINATOR_REPLAY_WINDOW_SEQUENCES, "64"), 1);

        for (int step = 0; step < 600; step++) {
            coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, (200 + step) % 256, 1, new byte[] {1}));
        }

        assertThat(coordinator.keyRequests.readValuesToList()).hasSize(600);
        assertThat(coordinator.counter("dropped-replay")).isZero();
    }

    @Test
    void frameBehindWindowGetsNextSequence() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(ServiceConfig.COORDINATOR_REPLAY_WINDOW_SEQUENCES, "64"), 1);
        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 1_000, 1, new byte[] {1}));

        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 936, 1, new byte[] {1}));

        TestRecord<String, byte[]> reply = coordinator.replies.readRecord();
        assertThat(errorCode(reply)).isEqualTo(ErrorCode.SEQUENCE_TOO_OLD.name());
        assertThat(new String(reply.headers().lastHeader(ReplyHeaders.NEXT_SEQUENCE).value(), StandardCharsets.UTF_8))
                .isEqualTo("1001");
        assertThat(coordinator.errorMessage(reply)).contains("sequence 936").contains("resend from sequence 1001");
        assertThat(coordinator.keyRequests.readValuesToList()).hasSize(1);
        assertThat(coordinator.counter("rejected-sequence-too-old")).isEqualTo(1.0);
    }

    @Test
    void resendFromNextSequenceIsServed() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(ServiceConfig.COORDINATOR_REPLAY_WINDOW_SEQUENCES, "64"), 1);
        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 1_000, 1, new byte[] {1}));
        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 10, 1, new byte[] {2}));

        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 1_001, 1, new byte[] {2}));

        List<KeyRequest> served = coordinator.keyRequests.readValuesToList();
        assertThat(served).extracting(KeyRequest::getSequence).containsExactly(1_000, 1_001);
    }

    @Test
    void windowsOfRequestersAreSeparate() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(), 1);

        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 5, 1, new byte[] {1}));
        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(4, 5, 1, new byte[] {1}));

        assertThat(coordinator.keyRequests.readValuesToList()).hasSize(2);
        assertThat(coordinator.replayWindowCount()).isEqualTo(2);
    }

    @Test
    void frameOnOtherPartitionIsRejected() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(), 2);
        int onPartitionOne = firstRequesterOnPartition(1, 2);
        int onPartitionZero = firstRequesterOnPartition(0, 2);

        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(onPartitionOne, 5, 1, new byte[] {1}));
        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(onPartitionZero, 5, 1, new byte[] {1}));

        TestRecord<String, byte[]> reply = coordinator.replies.readRecord();
        assertThat(errorCode(reply)).isEqualTo(ErrorCode.INVALID_REQUEST.name());
        assertThat(coordinator.errorMessage(reply))
                .contains("arrived on partition 0")
                .contains("belong on partition 1 of 2")
                .contains("record key \"" + onPartitionOne + "\"");
        assertThat(coordinator.keyRequests.readValuesToList()).extracting(KeyRequest::getRequester)
                .containsExactly(onPartitionZero);
    }

    private static int firstRequesterOnPartition(int partition, int partitionCount) {
        int requester = 1;
        while (RequestPartitions.partitionOf(requester, partitionCount) != partition) {
            requester++;
        }
        return requester;
    }
}
