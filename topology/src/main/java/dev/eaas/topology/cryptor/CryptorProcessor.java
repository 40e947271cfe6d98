package dev.eaas.topology.cryptor;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.KeyVersions;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.KeyRequest;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topology.common.AvroBytes;
import dev.eaas.topology.common.Counters;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts or decrypts one request with the key the key manager attached (Algorithm 3 of Javadpour et al., "Improving the Security of Service Mesh in Kubernetes") and
 * sends the result to the coordinator that validated the request.
 *
 * <p>A failed decryption gets the reply DECRYPTION_FAILED and nothing more, so a requester learns nothing
 * about why: a wrong pair, a changed byte and a truncated envelope all look the same.
 */
final class CryptorProcessor implements Processor<PairKey, CryptoRequest, PairKey, CryptoResult> {

    private static final Logger LOG = LoggerFactory.getLogger(CryptorProcessor.class);

    private final CipherSuite suite = new AesGcmSuite();
    private final SecureRandom random = new SecureRandom();

    private ProcessorContext<PairKey, CryptoResult> context;
    private Sensor encryptions;
    private Sensor decryptions;
    private Sensor decryptionFailures;

    @Override
    public void init(ProcessorContext<PairKey, CryptoResult> context) {
        this.context = context;
        this.encryptions = Counters.counter(context, CryptorTopology.COMPONENT, "encryptions");
        this.decryptions = Counters.counter(context, CryptorTopology.COMPONENT, "decryptions");
        this.decryptionFailures = Counters.counter(context, CryptorTopology.COMPONENT, "decryption-failures");
    }

    @Override
    public void process(Record<PairKey, CryptoRequest> record) {
        CryptoRequest work = record.value();
        if (work == null || record.key() == null) {
            LOG.warn("[cryptor {}] Skipped a crypto request without a key or value", context.taskId());
            return;
        }
        KeyRequest request = work.getRequest();
        byte[] key = AvroBytes.of(work.getDek());
        byte[] input = AvroBytes.of(request.getData());
        CryptoResult.Builder result = CryptoResult.newBuilder()
                .setCoordinator(request.getCoordinator())
                .setSubscriber(request.getSubscriber())
                .setRequester(request.getRequester())
                .setSequence(request.getSequence())
                .setType(request.getType())
                .setPair(request.getPair())
                .setReceivedAtMs(request.getReceivedAtMs());
        if (request.getType() == RequestType.ENCRYPT) {
            encryptions.record();
            try {
                result.setData(ByteBuffer.wrap(Envelope.seal(suite, random, key, work.getKeyVersion(), record.key(), input)));
            } catch (GeneralSecurityException | RuntimeException failure) {
                LOG.error("[cryptor {}] Failed to encrypt request {} of requester {} of subscriber {}: {}", context.taskId(),
                        request.getSequence(), request.getRequester(), request.getSubscriber(), failure.toString());
                result.setErrorCode(ErrorCode.INTERNAL_ERROR.name()).setErrorMessage("encryption failed inside the service");
            }
        } else {
            decryptions.record();
            try {
                if (work.getKeyVersion() == KeyVersions.NONE) {
                    throw new GeneralSecurityException("no key exists for this pair");
                }
                result.setData(ByteBuffer.wrap(Envelope.open(suite, key, work.getKeyVersion(), record.key(), input)));
            } catch (GeneralSecurityException failure) {
                decryptionFailures.record();
                result.setErrorCode(ErrorCode.DECRYPTION_FAILED.name()).setErrorMessage("decryption failed");
            } catch (RuntimeException failure) {
                // Not a bad ciphertext but a fault here; the requester still learns only that decryption failed.
                LOG.warn("[cryptor {}] Failed to decrypt request {} of requester {} of subscriber {}: {}", context.taskId(),
                        request.getSequence(), request.getRequester(), request.getSubscriber(), failure.getClass().getName());
                decryptionFailures.record();
                result.setErrorCode(ErrorCode.DECRYPTION_FAILED.name()).setErrorMessage("decryption failed");
            }
        }
        context.forward(new Record<>(record.key(), result.build(), record.timestamp()));
    }

}
