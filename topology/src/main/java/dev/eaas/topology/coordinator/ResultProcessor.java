package dev.eaas.topology.coordinator;

import dev.eaas.topics.decoy.DecoyGenerator;
import dev.eaas.topics.TopicCatalogue;
import dev.eaas.topics.avro.CryptoResult;
import dev.eaas.topics.avro.PairKey;
import dev.eaas.topics.avro.SubscriberRecord;
import dev.eaas.topics.frame.FieldOverflowException;
import dev.eaas.topics.frame.FrameCodec;
import dev.eaas.topology.common.Counters;
import dev.eaas.topology.common.DeadLetters;
import dev.eaas.topology.common.LentKeys;
import dev.eaas.topology.common.TopicCheck;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a cryptor's result into reply frames for the requester, through {@link ReplyFrames}, and takes in the key
 * lease the result carries, if any.
 */
final class ResultProcessor implements Processor<byte[], CryptoResult, Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ResultProcessor.class);

    private final int coordinator;
    private final FrameCodec codec;
    private final DecoyGenerator decoys;
    private final Function<Map<String, Object>, TopicCheck> topicChecks;
    private final LentKeys lentKeys;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Integer, SubscriberRecord> subscribers;
    private TopicCheck topics;
    private ReplyFrames replies;
    private Sensor leasesInstalled;

    /** @param lentKeys where lent keys go, or null when this coordinator takes no leases */
    ResultProcessor(int coordinator, FrameCodec codec, DecoyGenerator decoys, LentKeys lentKeys,
                    Function<Map<String, Object>, TopicCheck> topicChecks) {
        this.coordinator = coordinator;
        this.codec = codec;
        this.decoys = decoys;
        this.lentKeys = lentKeys;
        this.topicChecks = topicChecks;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.subscribers = context.getStateStore(CoordinatorTopology.SUBSCRIBER_STORE);
        this.topics = topicChecks.apply(context.appConfigs());
        this.replies = new ReplyFrames(codec, decoys, context, CoordinatorTopology.RESULT_REPLY_SINK);
        this.leasesInstalled = Counters.counter(context, CoordinatorTopology.COMPONENT, "leases-installed");
    }

    @Override
    public void process(Record<byte[], CryptoResult> record) {
        CryptoResult result = record.value();
        if (result == null) {
            deadLetter("crypto result without a value");
            return;
        }
        SubscriberRecord subscriber = subscribers.get(result.getSubscriber());
        if (subscriber == null) {
            deadLetter("crypto result for subscriber " + result.getSubscriber() + ", who is not registered");
            return;
        }
        if (!topics.exists(TopicCatalogue.replyTopic(result.getSubscriber()))) {
            deadLetter("result for subscriber " + result.getSubscriber() + ", whose reply topic "
                    + TopicCatalogue.replyTopic(result.getSubscriber()) + " does not exist");
            return;
        }
        try {
            if (lentKeys != null) {
                PairKey pair = new PairKey(result.getSubscriber(), Math.min(result.getRequester(), result.getPair()),
                        Math.max(result.getRequester(), result.getPair()));
                if (lentKeys.resultArrived(pair, result.getLease(), System.currentTimeMillis())) {
                    leasesInstalled.record();
                }
            }
            replies.send(result, subscriber);
        } catch (FieldOverflowException invalid) {
            deadLetter("result that cannot be framed for requester " + result.getRequester() + " of subscriber "
                    + result.getSubscriber() + ": " + invalid.getMessage());
        }
    }

    @Override
    public void close() {
        if (topics != null) {
            topics.close();
        }
    }

    private void deadLetter(String reason) {
        LOG.warn("[coordinator {}] Dead-lettered record {}: {}", coordinator, DeadLetters.origin(context), reason);
        context.forward(new Record<>((Object) null,
                (Object) DeadLetters.of(context, CoordinatorTopology.COMPONENT, reason, 0),
                System.currentTimeMillis()), CoordinatorTopology.RESULT_DEAD_LETTER_SINK);
    }
}
