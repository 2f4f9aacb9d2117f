package arr.query.export;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One CSV row per event (RFC 4180, CRLF line ends, every non-empty cell quoted). Lists inside a cell are joined with
 * {@code |}. A cell that a spreadsheet would run as a formula (starting with {@code = + - @}, tab or CR) is prefixed
 * with {@code '}: audit data comes from devices, and a privacy officer opening the export must not execute what a
 * device sent.
 */
public final class CsvRow {

    /** The columns, in order (the README lists them). */
    public static final List<String> COLUMNS = List.of("id", "eventTime", "receivedAt", "eventId", "eventName", "eventTypes",
            "action", "outcome", "requestors", "participants", "userNames", "addresses", "patients", "objects", "source",
            "site", "validation");

    /** The stored fields the rows need (everything else, such as the raw message, is not fetched). */
    public static final List<String> SOURCE_FIELDS = List.of("id", "eventTime.value", "receivedAt", "eventId.code",
            "eventId.display", "eventTypes.code",
            "action", "outcome", "participants.userId", "participants.userName", "participants.requestor",
            "participants.networkAccessPointId", "patients.cx", "objects.id", "sources.id", "sources.site", "validation.status");

    private CsvRow() {
    }

    public static String header() {
        return String.join(",", COLUMNS) + "\r\n";
    }

    public static void append(StringBuilder out, ExportedEvent d) {
        List<ExportedEvent.Participant> participants = orEmpty(d.participants());
        List<ExportedEvent.Source> sources = orEmpty(d.sources());
        ExportedEvent.Source source = sources.isEmpty() ? null : sources.get(0);
        ExportedEvent.Code eventId = d.eventId();
        cell(out, d.id(), true);
        cell(out, d.eventTime() == null ? null : d.eventTime().value(), false);
        cell(out, d.receivedAt(), false);
        cell(out, eventId == null ? null : eventId.code(), false);
        cell(out, eventId == null ? null : eventId.display(), false);
        cell(out, join(d.eventTypes(), ExportedEvent.Code::code, null), false);
        cell(out, d.action(), false);
        cell(out, d.outcome() == null ? null : d.outcome().toString(), false);
        cell(out, join(participants, ExportedEvent.Participant::userId, p -> Boolean.TRUE.equals(p.requestor())), false);
        cell(out, join(participants, ExportedEvent.Participant::userId, null), false);
        cell(out, join(participants, ExportedEvent.Participant::userName, null), false);
        cell(out, join(participants, ExportedEvent.Participant::networkAccessPointId, null), false);
        cell(out, join(d.patients(), ExportedEvent.Patient::cx, null), false);
        cell(out, join(d.objects(), ExportedEvent.Item::id, null), false);
        cell(out, source == null ? null : source.id(), false);
        cell(out, source == null ? null : source.site(), false);
        cell(out, d.validation() == null ? null : d.validation().status(), false);
        out.append("\r\n");
    }

    private static void cell(StringBuilder out, String value, boolean first) {
        if (!first) {
            out.append(',');
        }
        appendCell(out, value);
    }

    static void appendCell(StringBuilder out, String value) {
        if (value == null || value.isEmpty()) {
            return;
        }
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        // Every cell is quoted: a spreadsheet whose list separator is ';' would otherwise split an unquoted cell at a
        // ';' and run what follows as a formula.
        out.append('"');
        if (formula) {
            out.append('\'');
        }
        out.append(value.indexOf('"') < 0 ? value : value.replace("\"", "\"\"")).append('"');
    }

    /** The distinct non-null values of {@code field} (of the elements {@code only} accepts), joined with {@code |}. */
    private static <T> String join(List<T> values, Function<T, String> field, Predicate<T> only) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        // Plain loops: a row is rendered tens of thousands of times a second, and the lists hold a few elements.
        List<String> seen = new ArrayList<>(values.size());
        for (T element : values) {
            String value = only == null || only.test(element) ? field.apply(element) : null;
            if (value != null && !seen.contains(value)) {
                seen.add(value);
            }
        }
        return seen.isEmpty() ? null : seen.size() == 1 ? seen.get(0) : String.join("|", seen);
    }

    private static <T> List<T> orEmpty(List<T> values) {
        return values == null ? List.of() : values;
    }
}
