package dev.eaas.topics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.RequestType;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class EarlierSchemasTest {

    @Test
    void firstReleaseKeyRequestDecodes() throws Exception {
        Schema earlier = only(EarlierSchemas.of(KeyRequest.getClassSchema().getFullName()));
        assertThat(earlier.getField("leaseUsageRequested")).as("the earlier schema has no lease field").isNull();
        GenericRecord record = request(earlier, "DECRYPT");
        record.put("data", ByteBuffer.wrap(new byte[] {1, 2}));
        record.put("receivedAtMs", 5L);
        record.put("rewrap", false);
        byte[] bytes = encode(earlier, record);

        KeyRequest decoded = AvroSerde.of(KeyRequest.class).deserialize("eaas.internal.key-requests", bytes);

        assertThat(decoded.getRequester()).isEqualTo(3);
        assertThat(decoded.getType()).isEqualTo(RequestType.DECRYPT);
        assertThat(decoded.getLeaseUsageRequested()).isZero();
    }

    @Test
    void firstReleaseCryptoResultDecodes() throws Exception {
        Schema earlier = only(EarlierSchemas.of(CryptoResult.getClassSchema().getFullName()));
        GenericRecord record = request(earlier, "ENCRYPT");
        record.put("data", ByteBuffer.wrap(new byte[] {7}));
        record.put("receivedAtMs", 5L);

        CryptoResult decoded = AvroSerde.of(CryptoResult.class).deserialize("results", encode(earlier, record));

        assertThat(decoded.getLease()).isNull();
        assertThat(decoded.getData()).isEqualTo(ByteBuffer.wrap(new byte[] {7}));
    }

    /** Returns a record of the schema with the request fields that key requests and crypto results share. */
    private static GenericRecord request(Schema schema, String type) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("coordinator", 1);
        record.put("subscriber", 54);
        record.put("requester", 3);
        record.put("sequence", 9);
        record.put("type", new GenericData.EnumSymbol(schema.getField("type").schema(), type));
        record.put("pair", 4);
        return record;
    }

    private static Schema only(List<Schema> schemas) {
        assertThat(schemas).hasSize(1);
        return schemas.get(0);
    }

    private static byte[] encode(Schema schema, GenericRecord record) throws Exception {
        ByteBuffer buffer = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema).encode(record);
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
