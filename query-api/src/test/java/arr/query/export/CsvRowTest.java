package arr.query.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRowTest {

    @Test
    void aRowHasOneCellPerColumnWithListsJoined() {
        StringBuilder out = new StringBuilder();
        CsvRow.append(out, new ExportedEvent("id-1", new ExportedEvent.Time("2026-03-10T10:00:00+01:00"),
                "2026-03-10T09:00:01Z", new ExportedEvent.Code("110110", "Patient Record"),
                List.of(new ExportedEvent.Code("ITI-8", null)), "R", 0,
                List.of(new ExportedEvent.Participant("jdoe", "Doe, Jane", true, "10.0.0.1"),
                        new ExportedEvent.Participant("pacs", null, false, "pacs.example")),
                List.of(new ExportedEvent.Patient("4711^^^&1.2.3&ISO")), List.of(new ExportedEvent.Item("4711^^^&1.2.3&ISO")),
                List.of(new ExportedEvent.Source("ehr", "Site-1")), new ExportedEvent.Validation("valid")));
        assertThat(out.toString()).isEqualTo("\"id-1\",\"2026-03-10T10:00:00+01:00\",\"2026-03-10T09:00:01Z\",\"110110\","
                + "\"Patient Record\",\"ITI-8\",\"R\",\"0\",\"jdoe\",\"jdoe|pacs\",\"Doe, Jane\",\"10.0.0.1|pacs.example\","
                + "\"4711^^^&1.2.3&ISO\",\"4711^^^&1.2.3&ISO\",\"ehr\",\"Site-1\",\"valid\"\r\n");
        assertThat(CsvRow.header().split(",")).hasSize(CsvRow.COLUMNS.size());
    }

    @Test
    void cellsASpreadsheetWouldRunAsFormulasAreDefused() {
        for (String formula : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\t=1")) {
            StringBuilder out = new StringBuilder();
            CsvRow.appendCell(out, formula);
            assertThat(out.toString()).startsWith(formula.contains("\t") ? "\"'\t" : "\"'");
        }
    }

    @Test
    void aSemicolonCannotStartAFormulaInASpreadsheetThatSplitsOnIt() {
        StringBuilder out = new StringBuilder();
        CsvRow.appendCell(out, "x;=1+1;");
        assertThat(out.toString()).isEqualTo("\"x;=1+1;\"");
    }

    @Test
    void quotesCommasAndLineBreaksAreQuoted() {
        StringBuilder out = new StringBuilder();
        CsvRow.appendCell(out, "say \"hi\",\nthen go");
        assertThat(out.toString()).isEqualTo("\"say \"\"hi\"\",\nthen go\"");
    }
}
