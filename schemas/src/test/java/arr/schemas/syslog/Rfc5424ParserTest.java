package arr.schemas.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import arr.schemas.testing.Samples;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Rfc5424ParserTest {

    private static SyslogMessage parse(String text) {
        return Rfc5424Parser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rfc5424_section6_5_example1() {
        SyslogMessage m = parse("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");
        SyslogHeader h = m.header();
        assertThat(h.pri()).isEqualTo(34);
        assertThat(h.facility()).isEqualTo(4);
        assertThat(h.severity()).isEqualTo(2);
        assertThat(h.version()).isEqualTo(1);
        assertThat(h.timestamp()).isEqualTo("2003-10-11T22:14:15.003Z");
        assertThat(h.hostname()).isEqualTo("mymachine.example.com");
        assertThat(h.appName()).isEqualTo("su");
        assertThat(h.procId()).isNull();
        assertThat(h.msgId()).isEqualTo("ID47");
        assertThat(h.structuredData()).isNull();
        assertThat(new String(m.msg(), StandardCharsets.UTF_8)).isEqualTo("\uFEFF'su root' failed for lonvick on /dev/pts/8");
    }

    @Test
    void rfc5424_section6_5_example3_structuredDataWithEscapes() {
        SyslogMessage m = parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 "
                + "[exampleSDID@32473 iut=\"3\" eventSource=\"Appl\\]ication\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] <AuditMessage/>");
        assertThat(m.header().structuredData()).isEqualTo("[exampleSDID@32473 iut=\"3\" eventSource=\"Appl\\]ication\" "
                + "eventID=\"1011\"][examplePriority@32473 class=\"high\"]");
        assertThat(new String(m.msg(), StandardCharsets.UTF_8)).isEqualTo("<AuditMessage/>");
        assertThat(m.header().pri()).isEqualTo(165);
    }

    @Test
    void iheHeaderWithBomAndAnyPriIsAccepted() {
        SyslogMessage m = parse("<13>1 2026-11-26T10:00:00Z host IPF 4711 IHE+RFC-3881 - \uFEFF<?xml version=\"1.0\"?><AuditMessage/>");
        assertThat(m.header().msgId()).isEqualTo("IHE+RFC-3881");
        assertThat(m.header().procId()).isEqualTo("4711");
        assertThat(m.msg()[0]).isEqualTo((byte) 0xEF);
    }

    @Test
    void rfc3164HeaderIsTolerated() {
        SyslogMessage m = parse("<85>Oct 11 22:14:15 mymachine atna: <AuditMessage/>");
        assertThat(m.header().format()).isEqualTo("rfc3164");
        assertThat(m.header().version()).isNull();
        assertThat(m.header().hostname()).isEqualTo("mymachine");
        assertThat(new String(m.msg(), StandardCharsets.UTF_8)).isEqualTo("<AuditMessage/>");
    }

    /** Until 2026-11-28 the first 15 characters were taken for the time whatever they were. */
    @Test
    void rfc3164HeaderWithAnRfc3339TimeOrNoTimeKeepsItsHostAndTag() {
        SyslogMessage rfc3339 = parse("<85>2024-06-25T13:47:57.600Z host.example atna: <AuditMessage/>");
        assertThat(rfc3339.header().format()).isEqualTo("rfc3164");
        assertThat(rfc3339.header().timestamp()).isEqualTo("2024-06-25T13:47:57.600Z");
        assertThat(rfc3339.header().hostname()).isEqualTo("host.example");
        assertThat(rfc3339.header().appName()).isEqualTo("atna");
        assertThat(new String(rfc3339.msg(), StandardCharsets.UTF_8)).isEqualTo("<AuditMessage/>");

        SyslogMessage noTime = parse("<85>host.example atna: <AuditMessage/>");
        assertThat(noTime.header().timestamp()).isNull();
        assertThat(noTime.header().hostname()).isEqualTo("host.example");
        assertThat(noTime.header().appName()).isEqualTo("atna");

        SyslogMessage ipv4Host = parse("<85>10.0.0.5 atna: <AuditMessage/>");
        assertThat(ipv4Host.header().timestamp()).isNull();
        assertThat(ipv4Host.header().hostname()).isEqualTo("10.0.0.5");
        assertThat(ipv4Host.header().appName()).isEqualTo("atna");

        SyslogMessage singleDigitDay = parse("<85>Oct  1 22:14:15 mymachine atna: <AuditMessage/>");
        assertThat(singleDigitDay.header().timestamp()).isEqualTo("Oct  1 22:14:15");
        assertThat(singleDigitDay.header().hostname()).isEqualTo("mymachine");
    }

    @Test
    void aMessageWithoutHeaderIsAllMsg() {
        SyslogMessage m = parse("<AuditMessage/>");
        assertThat(m.header().format()).isEqualTo("none");
        assertThat(m.msgOffset()).isZero();
    }

    static Stream<Path> corpusSyslogFiles() {
        return Samples.corpus(".syslog").stream();
    }

    @ParameterizedTest
    @MethodSource("corpusSyslogFiles")
    void realSyslogMessagesParseToAHeaderAndAnXmlOrTextMsg(Path file) {
        SyslogMessage m = Rfc5424Parser.parse(Samples.read(file));
        assertThat(m.header().format()).isEqualTo("rfc5424");
        assertThat(m.header().pri()).isBetween(0, 191);
        assertThat(m.header().version()).isEqualTo(1);
        assertThat(m.header().hostname()).isNotBlank();
        assertThat(m.msgOffset()).isGreaterThan(20).isLessThan(m.frame().length);
    }
}
