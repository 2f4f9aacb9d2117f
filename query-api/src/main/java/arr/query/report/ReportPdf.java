package arr.query.report;

import arr.query.export.ExportedEvent;
import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.HeaderFooter;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A report run as a PDF for the case file: what was asked, when and by whom, the counts, and the newest events in a
 * table; the CSV's SHA-256 ties the PDF to the complete list. Text is set in the Liberation Sans font OpenPDF ships,
 * embedded, so names in any Latin, Greek or Cyrillic script print as the devices sent them (scripts it lacks print
 * as blanks; the CSV keeps every character).
 */
final class ReportPdf {

    private static final int TOP = 25;
    static final int PER_CELL = 5;
    private static final NumberFormat COUNT = NumberFormat.getIntegerInstance(Locale.ROOT);
    private static final BaseFont FONT = loadFont();

    static {
        COUNT.setGroupingUsed(true);
    }

    private ReportPdf() {
    }

    static void write(OutputStream out, ReportDefinition report, ReportRun run, ReportTally tally, ReportRun.ReportFile csv,
                      String generatedAt) {
        Font title = new Font(FONT, 16);
        Font heading = new Font(FONT, 11);
        Font text = new Font(FONT, 9);
        Font small = new Font(FONT, 7);
        Document document = new Document(PageSize.A4.rotate(), 36, 36, 36, 36);
        PdfWriter.getInstance(document, out);
        document.addTitle(report.title());
        document.addAuthor("Audit Record Repository");
        document.addSubject("report run " + run.id());
        HeaderFooter footer = new HeaderFooter(new Phrase(report.title() + " · run " + run.id() + " · page ", small), true);
        footer.setBorder(0);
        footer.setAlignment(Element.ALIGN_RIGHT);
        document.setFooter(footer);
        document.open();
        document.add(new Paragraph(report.title(), title));
        document.add(new Paragraph(report.description(), text));
        document.add(new Paragraph(" ", text));
        PdfPTable facts = table(new float[] {1, 4}, text);
        row(facts, text, "Period (event time)", run.from() + " to " + run.to());
        if (run.patients() != null && !run.patients().isEmpty()) {
            row(facts, text, "Patients", String.join(", ", run.patients()));
        }
        row(facts, text, "Requested by", run.requestedBy() + (run.schedule() == null ? " on request" : " (" + run.schedule()
                + " schedule)") + " at " + run.requestedAt());
        row(facts, text, "Generated", generatedAt + ", run " + run.id());
        row(facts, text, "Events", COUNT.format(tally.events()));
        row(facts, text, "Complete list", "CSV of " + COUNT.format(tally.events()) + " rows, " + COUNT.format(csv.bytes())
                + " bytes, SHA-256 " + csv.sha256());
        document.add(facts);
        section(document, heading, "By event");
        document.add(counts(tally.byEvent(), "Event", text));
        section(document, heading, "By outcome");
        document.add(counts(tally.byOutcome(), "Outcome", text));
        section(document, heading, "By requesting user" + more(tally.requestors()));
        document.add(counts(tally.byRequestor(TOP), "User", text));
        section(document, heading, "By audit source" + more(tally.sources()));
        document.add(counts(tally.bySource(TOP), "Audit source", text));
        List<ExportedEvent> first = tally.first();
        section(document, heading, tally.events() == 0 ? "Events: none in this period"
                : first.size() < tally.events() ? "Events, newest first: the first " + COUNT.format(first.size()) + " of "
                + COUNT.format(tally.events()) + " (the CSV lists all)" : "Events, newest first");
        if (!first.isEmpty()) {
            document.add(events(first, small));
        }
        document.close();
    }

    private static String more(int distinct) {
        return distinct > TOP ? ": the " + TOP + " with most events of " + COUNT.format(distinct) : "";
    }

    private static void section(Document document, Font font, String text) {
        Paragraph paragraph = new Paragraph(text, font);
        paragraph.setSpacingBefore(12);
        paragraph.setSpacingAfter(4);
        document.add(paragraph);
    }

    private static PdfPTable counts(List<Map.Entry<String, Long>> counts, String what, Font font) {
        PdfPTable table = table(new float[] {5, 1}, font);
        table.setWidthPercentage(60);
        table.setHorizontalAlignment(Element.ALIGN_LEFT);
        header(table, font, what, "Events");
        for (Map.Entry<String, Long> count : counts) {
            row(table, font, count.getKey(), COUNT.format(count.getValue()));
        }
        return table;
    }

    private static PdfPTable events(List<ExportedEvent> events, Font font) {
        PdfPTable table = table(new float[] {2.2f, 2.4f, 0.6f, 0.7f, 2.2f, 1.6f, 3.2f, 1.6f}, font);
        header(table, font, "Event time", "Event", "Action", "Outcome", "Requestor", "Address", "Patients", "Audit source");
        for (ExportedEvent e : events) {
            row(table, font,
                    e.eventTime() == null ? "" : e.eventTime().value(),
                    e.eventId() == null ? "" : e.eventId().code() + (e.eventId().display() == null ? "" : " " + e.eventId().display()),
                    e.action(),
                    e.outcome() == null ? "" : e.outcome().toString(),
                    join(e.participants(), p -> Boolean.TRUE.equals(p.requestor()) ? p.userId() : null),
                    join(e.participants(), ExportedEvent.Participant::networkAccessPointId),
                    join(e.patients(), ExportedEvent.Patient::cx),
                    join(e.sources(), ExportedEvent.Source::id));
        }
        return table;
    }

    /**
     * At most {@value #PER_CELL} values of a list (an Export event can name hundreds of patients, which would make
     * its row pages long); the CSV has them all.
     */
    static <T> String join(List<T> items, Function<T, String> value) {
        if (items == null) {
            return "";
        }
        List<String> values = items.stream().map(value).filter(v -> v != null && !v.isEmpty()).distinct().toList();
        String shown = String.join(", ", values.subList(0, Math.min(PER_CELL, values.size())));
        return values.size() > PER_CELL ? shown + " and " + (values.size() - PER_CELL) + " more" : shown;
    }

    private static PdfPTable table(float[] widths, Font font) {
        PdfPTable table = new PdfPTable(widths);
        table.setWidthPercentage(100);
        table.setHeaderRows(0);
        return table;
    }

    private static void header(PdfPTable table, Font font, String... cells) {
        for (String cell : cells) {
            PdfPCell pdfCell = new PdfPCell(new Phrase(cell, font));
            pdfCell.setGrayFill(0.9f);
            table.addCell(pdfCell);
        }
        table.setHeaderRows(1);
    }

    private static void row(PdfPTable table, Font font, String... cells) {
        for (String cell : cells) {
            table.addCell(new PdfPCell(new Phrase(cell == null ? "" : cell, font)));
        }
    }

    private static BaseFont loadFont() {
        String name = "font-fallback/LiberationSans-Regular.ttf";
        try (InputStream in = ReportPdf.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from OpenPDF's jar");
            }
            return BaseFont.createFont("LiberationSans-Regular.ttf", BaseFont.IDENTITY_H, BaseFont.EMBEDDED, true,
                    in.readAllBytes(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
