package arr.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import arr.deploy.local.Part;
import arr.deploy.testing.NeedsStack;
import arr.deploy.testing.TestStack;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every service starts from its runnable jar on the ports it is given and reports its health. */
@NeedsStack({Part.KAFKA, Part.ELASTICSEARCH, Part.COLLECTOR, Part.INDEXER, Part.QUERY_API})
class StackServicesIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyServiceAnswersHealthOnItsPort(TestStack stack) throws Exception {
        assertThat(status(stack.url(Part.QUERY_API) + "/health")).isEqualTo(200);
        assertThat(status(stack.url(Part.COLLECTOR) + "/health")).isEqualTo(200);
        assertThat(status(stack.url(Part.INDEXER) + "/health")).isEqualTo(200);
    }

    @Test
    void collectorServesPrometheusMetricsOnItsManagementPort(TestStack stack) throws Exception {
        HttpResponse<String> metrics = get(stack.url(Part.COLLECTOR) + "/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE jvm_memory_used_bytes gauge");
    }

    @Test
    void aMessageSentOverMutualTlsBecomesASearchableDocument(TestStack stack) throws Exception {
        String tag = "e2e-" + java.util.UUID.randomUUID();
        String xml = """
                <AuditMessage>
                  <EventIdentification EventActionCode="R" EventDateTime="2026-11-26T10:00:00+01:00" EventOutcomeIndicator="0">
                    <EventID csd-code="110110" codeSystemName="DCM" originalText="Patient Record"/>
                  </EventIdentification>
                  <ActiveParticipant UserID="%s" UserIsRequestor="true"/>
                  <AuditSourceIdentification AuditSourceID="e2e-source"/>
                  <ParticipantObjectIdentification ParticipantObjectID="4711^^^&amp;1.2.3&amp;ISO" ParticipantObjectTypeCode="1" ParticipantObjectTypeCodeRole="1">
                    <ParticipantObjectIDTypeCode csd-code="2" codeSystemName="RFC-3881" originalText="Patient Number"/>
                    <ParticipantObjectName>Doe^Jane</ParticipantObjectName>
                  </ParticipantObjectIdentification>
                </AuditMessage>""".formatted(tag);
        arr.deploy.local.LocalPki pki = stack.pki();
        new arr.deploy.local.SampleSender("127.0.0.1", stack.ports().syslogTls(), arr.deploy.local.SampleSender.Protocol.TLS,
                arr.deploy.local.SampleSender.clientContext(pki.deviceCertificate(), pki.deviceKey(), pki.caCertificate()))
                .send(java.util.List.of(arr.deploy.local.SampleSender.asSyslog(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        String query = "{\"query\":{\"term\":{\"participants.userId\":\"" + tag + "\"}}}";
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            post(stack.elasticsearchUrl() + "/audit-events/_refresh", "");
            String found = post(stack.elasticsearchUrl() + "/audit-events/_search", query);
            assertThat(found).contains("\"value\":1").contains("\"tlsSubject\"").contains("\"authority\":\"1.2.3\"");
        });
        // The README's verify command, against this stack: the month's chains are intact.
        ProcessBuilder verify = new ProcessBuilder(Path.of(System.getProperty("arr.repo.root"), "deploy", "bin", "verify").toString(),
                "--from", "2026-11-01", "--to", "2026-11-30").redirectErrorStream(true);
        verify.environment().put("AUDIT_STATE_DIR", System.getProperty("arr.test.stateDir"));
        verify.environment().put("AUDIT_ES_URL", stack.elasticsearchUrl());
        verify.environment().put("AUDIT_KAFKA_BOOTSTRAP", stack.kafkaBootstrap());
        Process process = verify.start();
        String report = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(report).isZero();
        assertThat(report).contains("INTACT").doesNotContain("NOT INTACT");
    }

    private static String post(String url, String json) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void queryApiIsUnhealthyWhileElasticsearchIsDown(TestStack stack) throws Exception {
        stack.stop(Part.ELASTICSEARCH);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(
                    () -> assertThat(status(stack.url(Part.QUERY_API) + "/health")).isEqualTo(503));
        } finally {
            stack.start(Part.ELASTICSEARCH);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(
                () -> assertThat(status(stack.url(Part.QUERY_API) + "/health")).isEqualTo(200));
    }

    private static int status(String url) throws Exception {
        return get(url).statusCode();
    }

    private static HttpResponse<String> get(String url) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
