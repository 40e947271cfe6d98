package dev.eaas.topology.cryptor;

import dev.eaas.topics.ErrorCode;
import dev.eaas.topics.avro.CryptoRequest;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.RequestType;
import dev.eaas.topology.common.Counters;
import dev.eaas.topology.crypto.Kek;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encrypts or decrypts one request with the key the key manager attached (Algorithm 3 of Javadpour et al.,
 * "Improving the Security of Service Mesh in Kubernetes") and sends the result to the coordinator that
 * validated the request. The work itself is {@link CryptorEngine}'s, one per task.
 */
final class CryptorProcessor implements Processor<PairKey, CryptoRequest, PairKey, CryptoResult> {

    private static final Logger LOG = LoggerFactory.getLogger(CryptorProcessor.class);


    private final Kek kek;
    private final int keyCacheSize;
    private final boolean legacyAllowed;

    private CryptorEngine engine;
    private final FailureLog failures = new FailureLog(LOG);

    private ProcessorContext<PairKey, CryptoResult> context;
    private Sensor encryptions;
    private Sensor decryptions;
    private Sensor rewraps;
    private Sensor decryptionFailures;
    private Sensor errors;

    CryptorProcessor(Kek kek, int keyCacheSize, boolean legacyAllowed) {
        this.kek = kek;
        this.keyCacheSize = keyCacheSize;
        this.legacyAllowed = legacyAllowed;
    }

    @Override
    public void init(ProcessorContext<PairKey, CryptoResult> context) {
        this.context = context;
        this.engine = new CryptorEngine(kek, keyCacheSize, legacyAllowed,
                message -> failures.log("[cryptor " + context.taskId() + "]", message));
        this.encryptions = Counters.counter(context, CryptorTopology.COMPONENT, "encryptions");
        this.decryptions = Counters.counter(context, CryptorTopology.COMPONENT, "decryptions");
        this.rewraps = Counters.counter(context, CryptorTopology.COMPONENT, "rewraps");
        this.decryptionFailures = Counters.counter(context, CryptorTopology.COMPONENT, "decryption-failures");
        this.errors = Counters.counter(context, CryptorTopology.COMPONENT, "errors");
    }

    @Override
    public void process(Record<PairKey, CryptoRequest> record) {
        CryptoRequest work = record.value();
        if (work == null || record.key() == null || work.getRequest() == null) {
            LOG.warn("[cryptor {}] Skipped a crypto request without a key or value", context.taskId());
            return;
        }
        if (work.getRequest().getRewrap()) {
            rewraps.record();
        } else if (work.getRequest().getType() == RequestType.ENCRYPT) {
            encryptions.record();
        } else {
            decryptions.record();
        }
        CryptoResult result = engine.process(record.key(), work);
        if (ErrorCode.DECRYPTION_FAILED.name().equals(result.getErrorCode())) {
            decryptionFailures.record();
        } else if (result.getErrorCode() != null) {
            errors.record();
        }
        context.forward(new Record<>(record.key(), result, record.timestamp()));
    }
}
