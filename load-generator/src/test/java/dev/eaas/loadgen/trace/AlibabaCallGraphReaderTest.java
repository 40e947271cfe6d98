package dev.eaas.loadgen.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.IOException;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AlibabaCallGraphReaderTest {

    // Service names in the sample file, hashed as in the v2021 release.
    private static final String SERVICE_A = "1cb405196d53c2e0436ec8dfa777da29f4bbe272664e8da0112b859c067b0d0e";
    private static final String SERVICE_B = "825b7f54270f6a4e42fdfa94e0a6fc12ece94a7834ab355f409f172971fb4db5";
    private static final String SERVICE_C = "22ab0986556355d41d2a31ffa3877c40f4c45ed2fc1f4ac72fafbf01e963496d";
    private static final String SERVICE_D = "b7a2f0dab06f29af106d0aeed16ca9c49b2f6e235cda3c2ba5d0d86c0a4e080f";
    private static final String SERVICE_E = "5fc56ae09353771be36aed4cc3502a9e9626ea5388ab2249487a3bffea1dffce";
    private static final String DATABASE = "28293c2381dd3f7105a53e653744d207cc2d1b5f7230a901ededb6775be65ec6";
    private static final String CACHE = "5ffedac596311c4e99a5548d65da9a1a9a57f407d38527afe09407c8cd60a172";

    private static final String TRACE_1 = "0b1329c115919399974329000e";
    private static final String TRACE_2 = "0b13417e15919399901437000e";

    private static final String V2021_HEADER = ",traceid,timestamp,rpcid,um,rpctype,dm,interface,rt\n";

    @Test
    void sampleFileParsedWithSkipsCounted() throws IOException, URISyntaxException {
        CallTrace trace = AlibabaCallGraphReader.read(sampleFile());

        assertThat(trace.rowsRead()).isEqualTo(15);
        assertThat(trace.skippedRows()).containsExactly(
                entry(SkipReason.SAME_SERVICE, 1L),
                entry(SkipReason.UNKNOWN_SERVICE, 5L),
                entry(SkipReason.DUPLICATE_RECORD, 2L));
        assertThat(trace.calls()).containsExactly(
                new ServiceCall(0, SERVICE_A, SERVICE_B, TRACE_1),
                new ServiceCall(2_000_000, SERVICE_B, DATABASE, TRACE_1),
                new ServiceCall(2_000_000, SERVICE_B, CACHE, TRACE_1),
                new ServiceCall(2_000_000, SERVICE_B, CACHE, TRACE_1),
                new ServiceCall(4_000_000, SERVICE_A, SERVICE_C, TRACE_1),
                new ServiceCall(14_000_000, SERVICE_D, SERVICE_A, TRACE_2),
                new ServiceCall(17_000_000, SERVICE_D, SERVICE_E, TRACE_2));
        assertThat(trace.services())
                .containsExactly(SERVICE_A, SERVICE_B, DATABASE, CACHE, SERVICE_C, SERVICE_D, SERVICE_E);
    }

    @Test
    void sampleFileDetectedByHeader() throws IOException, URISyntaxException {
        CallTrace trace = CallTraces.read(sampleFile());

        assertThat(trace.calls()).hasSize(7);
        assertThat(trace.source()).endsWith("alibaba-sample.csv");
    }

    @Test
    void calleeSideRecordBeforeCallerSideIsPaired() throws IOException {
        String csv = V2021_HEADER
                + "0,t1,100,0.1,a,rpc,b,i,-3\n"
                + "1,t1,101,0.1,a,rpc,b,i,5\n"
                + "2,t1,102,0.1,a,rpc,b,i,6\n";

        CallTrace trace = AlibabaCallGraphReader.read(new StringReader(csv), "calls.csv");

        assertThat(trace.calls()).containsExactly(
                new ServiceCall(0, "a", "b", "t1"),
                new ServiceCall(2_000_000, "a", "b", "t1"));
        assertThat(trace.skippedRows()).containsExactly(entry(SkipReason.DUPLICATE_RECORD, 1L));
    }

    @Test
    void cacheCallsWithSameRpcidAreKept() throws IOException {
        String csv = V2021_HEADER
                + "0,t1,100,0.1,a,mc,cache,,1\n"
                + "1,t1,100,0.1,a,mc,cache,,-1\n";

        CallTrace trace = AlibabaCallGraphReader.read(new StringReader(csv), "calls.csv");

        assertThat(trace.calls()).hasSize(2);
        assertThat(trace.skippedRows()).isEmpty();
    }

    @Test
    void v2022ColumnOrderIsAccepted() throws IOException {
        String csv = ",timestamp,traceid,service,rpc_id,um,uminstanceid,rpctype,interface,dm,dminstanceid,rt\n"
                + "0,115352,T_11560863075,S_153587416,0.1,MS_58845,MS_58845_POD_0,rpc,xOuy6-80Vt,MS_71712,"
                + "MS_71712_POD_244,2.0\n"
                + "1,115353,T_11560863075,S_153587416,0.1.1,MS_71712,MS_71712_POD_244,mc,,UNKNOWN,UNKNOWN,0.4\n";

        CallTrace trace = CallTraces.read(new StringReader(csv), "MSCallGraph_0.csv");

        assertThat(trace.calls()).containsExactly(new ServiceCall(0, "MS_58845", "MS_71712", "T_11560863075"));
        assertThat(trace.skippedRows()).containsExactly(entry(SkipReason.UNKNOWN_SERVICE, 1L));
    }

    @Test
    void nonNumericTimestampNamesLine() {
        String csv = V2021_HEADER
                + "0,t1,100,0.1,a,rpc,b,i,5\n"
                + "1,t1,1e3,0.2,a,rpc,c,i,5\n";

        assertThatThrownBy(() -> AlibabaCallGraphReader.read(new StringReader(csv), "calls.csv"))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage("calls.csv:3: invalid timestamp '1e3'; expected a whole number of milliseconds");
    }

    @Test
    void nonNumericResponseTimeNamesLine() {
        String csv = V2021_HEADER + "0,t1,100,0.1,a,rpc,b,i,fast\n";

        assertThatThrownBy(() -> AlibabaCallGraphReader.read(new StringReader(csv), "calls.csv"))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage("calls.csv:2: invalid rt 'fast'; expected a number of milliseconds");
    }

    @Test
    void skippedRowIsStillChecked() {
        String csv = V2021_HEADER + "0,t1,-5,0.1,(?),http,b,i,5\n";

        assertThatThrownBy(() -> AlibabaCallGraphReader.read(new StringReader(csv), "calls.csv"))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage("calls.csv:2: invalid timestamp -5; must be 0 or more");
    }

    @Test
    void wrongFieldCountNamesLine() {
        String csv = V2021_HEADER + "0,t1,100,0.1,a,rpc,b,i,5,extra\n";

        assertThatThrownBy(() -> AlibabaCallGraphReader.read(new StringReader(csv), "calls.csv"))
                .isInstanceOf(InvalidTraceException.class)
                .hasMessage("calls.csv:2: expected 9 fields as in the header, found 10");
    }

    private static Path sampleFile() throws URISyntaxException {
        return Path.of(AlibabaCallGraphReaderTest.class.getResource("/traces/alibaba-sample.csv").toURI());
    }
}
