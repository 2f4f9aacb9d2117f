package arr.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import arr.query.export.ExportedEvent;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** The PDF read back with PDFBox, an independent parser: what a privacy officer's reader would show. */
class ReportPdfTest {

    private static final ReportDefinition EXPORTS = ReportCatalogue.find("exports").orElseThrow();

    private static ExportedEvent event(String time, String user, String patient, int outcome) {
        return new ExportedEvent("id-" + time, new ExportedEvent.Time(time), time, new ExportedEvent.Code("110106", "Export"),
                List.of(), "R", outcome, List.of(new ExportedEvent.Participant(user, null, true, "10.0.0.1")),
                List.of(new ExportedEvent.Patient(patient)), List.of(), List.of(new ExportedEvent.Source("PACS-1", null)),
                new ExportedEvent.Validation("valid"));
    }

    private static ReportRun run() {
        return ReportRun.queued("run-1", "exports", "2026-11-01T00:00:00Z", "2026-11-30T23:59:59.999Z", List.of(), "officer",
                null, 1, "2026-12-01T08:00:00Z", "2026-12-01T08:30:00Z");
    }

    private static String text(byte[] pdf) throws Exception {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    @Test
    void statesWhatWasAskedTheCountsTheEventsAndTheCsvsHash() throws Exception {
        ReportTally tally = new ReportTally(10);
        tally.add(event("2026-11-03T10:00:00+01:00", "dr.jürgen", "P1^^^&1.2.3&ISO", 0));
        tally.add(event("2026-11-02T10:00:00+01:00", "dr.jürgen", "P2^^^&1.2.3&ISO", 4));
        tally.add(event("2026-11-01T10:00:00+01:00", "Ольга", "P1^^^&1.2.3&ISO", 0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportPdf.write(out, EXPORTS, run(), tally, new ReportRun.ReportFile("ab".repeat(32), 1234, 1), "2026-12-01T08:00:05Z");
        String text = text(out.toByteArray());
        assertThat(text).contains("Exports\nExport (110106) events").contains("2026-11-01T00:00:00Z to 2026-11-30T23:59:59.999Z",
                "officer on request", "run run-1", "Events, newest first", "110106 Export", "0 Success", "4 Minor failure",
                "dr.jürgen", "Ольга", "PACS-1");
        assertThat(text.replaceAll("\\s", "")).contains("ab".repeat(32), "2026-11-03T10:00:00+01:00", "P2^^^&1.2.3&ISO");
        assertThat(text).containsPattern("dr\\.jürgen\\s+2\\b");
        assertThat(tally.patients()).containsExactly("P1^^^&1.2.3&ISO", "P2^^^&1.2.3&ISO");
    }

    @Test
    void saysWhenItsTableShowsOnlyTheNewestEvents() throws Exception {
        ReportTally tally = new ReportTally(1);
        tally.add(event("2026-11-03T10:00:00Z", "a", "P1", 0));
        tally.add(event("2026-11-02T10:00:00Z", "b", "P2", 0));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportPdf.write(out, EXPORTS, run(), tally, new ReportRun.ReportFile("00", 1, 1), "now");
        String text = text(out.toByteArray());
        assertThat(text).contains("the first 1 of 2 (the CSV lists all)").contains("2026-11-03T10:00:00Z")
                .doesNotContain("2026-11-02T10:00:00Z");
    }

    @Test
    void aCellShowsTheFirstFiveValuesOfAListAndHowManyMore() {
        List<ExportedEvent.Patient> patients = java.util.stream.IntStream.rangeClosed(1, 200)
                .mapToObj(i -> new ExportedEvent.Patient("P" + i)).toList();
        assertThat(ReportPdf.join(patients, ExportedEvent.Patient::cx)).isEqualTo("P1, P2, P3, P4, P5 and 195 more");
        assertThat(ReportPdf.join(patients.subList(0, 5), ExportedEvent.Patient::cx)).isEqualTo("P1, P2, P3, P4, P5");
        assertThat(ReportPdf.join(null, ExportedEvent.Patient::cx)).isEmpty();
    }

    @Test
    void aPeriodWithoutEventsSaysSo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportPdf.write(out, EXPORTS, run(), new ReportTally(10), new ReportRun.ReportFile("00", 1, 1), "now");
        assertThat(text(out.toByteArray())).contains("Events: none in this period");
    }
}
