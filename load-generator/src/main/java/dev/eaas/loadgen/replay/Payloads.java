package dev.eaas.loadgen.replay;

import dev.eaas.loadgen.trace.ServiceCall;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Makes the payload a caller sends its callee in a replayed call: a small JSON document naming the call,
 * padded to the requested size, as the bodies microservices pass each other usually are. Each payload is
 * unique, so a reply delivered to the wrong call fails verification.
 */
final class Payloads {

    private Payloads() {
    }

    /**
     * Returns a JSON document of exactly {@code sizeBytes} bytes, or the unpadded document when that is
     * longer (about 100 bytes plus the service names).
     */
    static byte[] forCall(long callIndex, ServiceCall call, int sizeBytes) {
        String head = "{\"call\":" + callIndex
                + ",\"trace\":\"" + call.traceId()
                + "\",\"from\":\"" + call.caller()
                + "\",\"to\":\"" + call.callee()
                + "\",\"offsetNanos\":" + call.offsetNanos()
                + ",\"pad\":\"";
        String tail = "\"}";
        int padding = Math.max(0, sizeBytes - head.length() - tail.length());
        char[] pad = new char[padding];
        Arrays.fill(pad, 'x');
        return (head + new String(pad) + tail).getBytes(StandardCharsets.UTF_8);
    }
}
