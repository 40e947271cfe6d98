package dev.eaas.topology.coordinator;

import static dev.eaas.topology.coordinator.CoordinatorDriver.COORDINATOR;
import static dev.eaas.topology.coordinator.CoordinatorDriver.D;
import static dev.eaas.topology.coordinator.CoordinatorDriver.SUBSCRIBER;
import static dev.eaas.topology.coordinator.CoordinatorDriver.TOKEN;
import static dev.eaas.topology.coordinator.CoordinatorDriver.errorCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.AvroSerde;
import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.RequestLimits;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.DeadLetter;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topics.frame.Frame;
import dev.eaas.topology.common.ServiceConfig;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each class of bad input reaching a coordinator, and where it ends up. */
class CoordinatorBadInputTest {

    @TempDir
    Path stateDir;

    private CoordinatorDriver coordinator;

    @BeforeEach
    void startDriver() {
        coordinator = new CoordinatorDriver(stateDir, Map.of(), 1);
    }

    @AfterEach
    void closeDriver() {
        coordinator.close();
    }

    @Test
    void frameWithEveryFieldAtMaximumIsRejected() {
        byte[] allOnes = new byte[coordinator.codec.layout().headerBytes(D) + 4];
        Arrays.fill(allOnes, (byte) 0xFF);

        coordinator.requests.pipeInput(allOnes);

        TestRecord<String, byte[]> reply = coordinator.replies.readRecord();
        assertThat(errorCode(reply)).isEqualTo(ErrorCode.SUBSCRIBER_MISMATCH.name());
        assertThat(coordinator.errorMessage(reply)).contains("frame claims subscriber 65535");
        assertThat(coordinator.keyRequests.isEmpty()).isTrue();
    }

    @Test
    void encryptionFrameWithoutRoomForTokenIsRejected() {
        // With 23 sequence bits the fixed header is 72 bits, exactly 9 bytes, so the token needs a tenth byte.
        coordinator.close();
        coordinator = new CoordinatorDriver(stateDir.resolve("sequence-23"),
                Map.of(ServiceConfig.FRAME_SEQUENCE_BITS, "23"), 1);
        byte[] full = coordinator.realEncryptionFrame(3, 5, 1, new byte[0]);
        byte[] fixedHeaderOnly = Arrays.copyOf(full, (coordinator.codec.layout().fixedHeaderBits() + 7) / 8);

        coordinator.requests.pipeInput(fixedHeaderOnly);

        TestRecord<String, byte[]> reply = coordinator.replies.readRecord();
        assertThat(errorCode(reply)).isEqualTo(ErrorCode.INVALID_REQUEST.name());
        assertThat(coordinator.errorMessage(reply)).contains("too short").contains("2-bit token");
        assertThat(coordinator.keyRequests.isEmpty()).isTrue();
    }

    @Test
    void emptyPayloadIsServed() {
        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 5, 1, new byte[0]));
        coordinator.requests.pipeInput(coordinator.codec.encode(new Frame(SUBSCRIBER, 3, 6, RequestType.DECRYPT, 1, 0, 0,
                new byte[0])));

        List<KeyRequest> served = coordinator.keyRequests.readValuesToList();
        assertThat(served).hasSize(2);
        assertThat(served).allSatisfy(request -> assertThat(request.getData().remaining()).isZero());
    }

    @Test
    void payloadOverLimitIsRejectedNamingLimit() {
        byte[] tooLarge = new byte[RequestLimits.MAX_DATA_BYTES + 1];

        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 5, 1, tooLarge));

        TestRecord<String, byte[]> reply = coordinator.replies.readRecord();
        assertThat(errorCode(reply)).isEqualTo(ErrorCode.INVALID_REQUEST.name());
        assertThat(coordinator.errorMessage(reply)).contains("1044481 bytes").contains("maximum of 1044480 bytes");
        assertThat(coordinator.keyRequests.isEmpty()).isTrue();
    }

    @Test
    void wrongTokenCausesNoKeyRequest() {
        int wrongToken = (TOKEN + 1) % (1 << D);

        coordinator.requests.pipeInput(coordinator.codec.encode(new Frame(SUBSCRIBER, 3, 5, RequestType.ENCRYPT, 1,
                wrongToken, D, new byte[32])));

        assertThat(coordinator.counter("dropped-wrong-token")).isEqualTo(1.0);
        assertThat(coordinator.keyRequests.isEmpty()).isTrue();
        assertThat(coordinator.replies.isEmpty()).isTrue();
        assertThat(coordinator.deadLetters.isEmpty()).isTrue();
    }

    /**
     * Sends seeded random records of 0 to 40 bytes, then one valid request. Each random record must end as a
     * dead letter, an error reply or a counted drop, and the valid request must still be served.
     */
    @Test
    void runOfRandomRecordsLeavesStreamServing() {
        Random random = new Random(20_240_601L);
        int badRecords = 2_000;
        for (int i = 0; i < badRecords; i++) {
            byte[] bytes = new byte[random.nextInt(41)];
            random.nextBytes(bytes);
            coordinator.requests.pipeInput(bytes);
        }

        coordinator.requests.pipeInput(coordinator.realEncryptionFrame(3, 5, 1, new byte[] {9}));

        List<KeyRequest> served = coordinator.keyRequests.readValuesToList();
        assertThat(served).extracting(KeyRequest::getRequester).containsExactly(3);
        long accountedFor = coordinator.deadLetters.readValuesToList().size()
                + coordinator.replies.readValuesToList().size()
                + (long) coordinator.counter("dropped-wrong-token")
                + (long) coordinator.counter("dropped-replay");
        assertThat(accountedFor).isEqualTo(badRecords);
        assertThat(coordinator.counter("frames-received")).isEqualTo(badRecords + 1.0);
    }

    @Test
    void resultOfNewerSchemaIsDeadLettered() throws IOException {
        Schema newer = resultSchema(true, true);
        GenericRecord record = resultRecord(newer);
        record.put("keyVersion", 3);

        coordinator.rawResults.pipeInput(encode(newer, record));

        DeadLetter letter = coordinator.deadLetters.readValue();
        assertThat(letter.getReason()).contains("not a readable CryptoResult").contains("MissingSchemaException");
        assertThat(letter.getComponent()).isEqualTo("coordinator");
        assertThat(coordinator.replies.isEmpty()).isTrue();
    }

    @Test
    void resultOfOlderSchemaIsDeadLettered() throws IOException {
        Schema older = resultSchema(false, false);

        coordinator.rawResults.pipeInput(encode(older, resultRecord(older)));

        assertThat(coordinator.deadLetters.readValue().getReason()).contains("MissingSchemaException");
        assertThat(coordinator.replies.isEmpty()).isTrue();
    }

    @Test
    void resultNotAvroIsDeadLettered() {
        coordinator.rawResults.pipeInput(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        coordinator.rawResults.pipeInput(AvroSerde.of(CryptoResult.class).serialize("results", CryptoResult.newBuilder()
                .setCoordinator(COORDINATOR).setSubscriber(SUBSCRIBER).setRequester(3).setSequence(12)
                .setType(RequestType.ENCRYPT).setPair(1).setData(ByteBuffer.wrap(new byte[8])).setReceivedAtMs(0L).build()));

        assertThat(coordinator.deadLetters.readValue().getReason()).contains("BadHeaderException");
        assertThat(coordinator.replies.readValuesToList()).hasSize(1);
    }

    /** Returns CryptoResult's schema with an extra field, as a newer release might write, or without errorMessage. */
    private static Schema resultSchema(boolean withErrorMessage, boolean withKeyVersion) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record("CryptoResult").namespace("dev.eaas.topics.avro")
                .fields()
                .requiredInt("coordinator")
                .requiredInt("subscriber")
                .requiredInt("requester")
                .requiredInt("sequence")
                .name("type").type(RequestType.getClassSchema()).noDefault()
                .requiredInt("pair")
                .optionalBytes("data")
                .optionalString("errorCode");
        if (withErrorMessage) {
            fields = fields.optionalString("errorMessage");
        }
        fields = fields.requiredLong("receivedAtMs");
        if (withKeyVersion) {
            fields = fields.name("keyVersion").type().intType().intDefault(0);
        }
        return fields.endRecord();
    }

    private static GenericRecord resultRecord(Schema schema) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("coordinator", COORDINATOR);
        record.put("subscriber", SUBSCRIBER);
        record.put("requester", 3);
        record.put("sequence", 12);
        record.put("type", new GenericData.EnumSymbol(RequestType.getClassSchema(), "ENCRYPT"));
        record.put("pair", 1);
        record.put("data", ByteBuffer.wrap(new byte[8]));
        record.put("receivedAtMs", 0L);
        return record;
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws IOException {
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
