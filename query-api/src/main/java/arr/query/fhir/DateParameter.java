package arr.query.fhir;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The FHIR {@code date} search parameter of ITI-81 over {@code AuditEvent.recorded} (the EventDateTime), as the
 * inclusive millisecond bounds an Elasticsearch range takes. A value stands for the whole span of its precision
 * ({@code 2026-03} is March), and a prefix compares the event time with that span: {@code ge} on or after its start,
 * {@code gt}/{@code sa} after its end, {@code le} before its end, {@code lt}/{@code eb} before its start, {@code eq}
 * (or none) within it. Several values must all hold. A time without an offset is read as UTC.
 *
 * @param from earliest event time, inclusive, or null
 * @param to   latest event time, inclusive, or null
 */
public record DateParameter(Instant from, Instant to) {

    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(?::\\d{2}(\\.\\d{1,9})?)?)(Z|[+-]\\d{2}:\\d{2})?");
    private static final Pattern VALUE = Pattern.compile("(eq|ne|gt|lt|ge|le|sa|eb|ap)?(\\d{4}.*)");
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    public static DateParameter of(List<String> values) {
        Instant from = null;
        Instant to = null;
        for (String value : values) {
            Matcher m = VALUE.matcher(value);
            if (!m.matches()) {
                throw invalid(value);
            }
            String prefix = m.group(1) == null ? "eq" : m.group(1);
            Instant[] span = span(m.group(2), value);
            Instant start = span[0];
            Instant last = span[1].minusMillis(1);
            switch (prefix) {
                case "eq" -> {
                    from = later(from, start);
                    to = earlier(to, last);
                }
                case "ge" -> from = later(from, start);
                case "gt", "sa" -> from = later(from, span[1]);
                case "le" -> to = earlier(to, last);
                case "lt", "eb" -> to = earlier(to, start.minusMillis(1));
                default -> throw new FhirBadRequestException("not-supported", "the date prefix '" + prefix
                        + "' is not supported; use eq, ge, gt, le, lt, sa or eb");
            }
        }
        // gt9999 or lt0001 would put a bound outside what Elasticsearch's dates take.
        if (from != null && from.isAfter(LATEST) || to != null && to.isBefore(EARLIEST)) {
            throw new FhirBadRequestException("invalid", "the dates " + values + " leave no time between the years 1 and 9999");
        }
        return new DateParameter(from, to);
    }

    /** [start, end) of a value at its precision. */
    private static Instant[] span(String text, String value) {
        try {
            if (text.length() == 4) {
                Instant start = Year.parse(text).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                return bounded(start, start.atOffset(ZoneOffset.UTC).plusYears(1).toInstant(), value);
            }
            if (text.length() == 7) {
                Instant start = YearMonth.parse(text).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
                return bounded(start, start.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant(), value);
            }
            if (text.length() == 10) {
                Instant start = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                return bounded(start, start.plus(1, ChronoUnit.DAYS), value);
            }
            Matcher m = DATE_TIME.matcher(text);
            if (!m.matches()) {
                throw invalid(value);
            }
            ZoneOffset offset = m.group(3) == null ? ZoneOffset.UTC : ZoneOffset.of(m.group(3));
            Instant start = LocalDateTime.parse(m.group(1)).toInstant(offset);
            if (m.group(2) != null) {
                // A fraction stands for its own span: .1 is a tenth of a second, .123 (or finer) a millisecond.
                long spanMillis = switch (m.group(2).length() - 1) {
                    case 1 -> 100;
                    case 2 -> 10;
                    default -> 1;
                };
                start = start.truncatedTo(ChronoUnit.MILLIS);
                return bounded(start, start.plusMillis(spanMillis), value);
            }
            ChronoUnit precision = m.group(1).length() > 16 ? ChronoUnit.SECONDS : ChronoUnit.MINUTES;
            start = start.truncatedTo(precision);
            return bounded(start, start.plus(1, precision), value);
        } catch (DateTimeException e) {
            throw invalid(value);
        }
    }

    private static Instant[] bounded(Instant start, Instant end, String value) {
        if (start.isBefore(EARLIEST) || end.isAfter(LATEST.plusMillis(1))) {
            throw new FhirBadRequestException("invalid", "the date '" + value + "' is outside the years 1 to 9999");
        }
        return new Instant[] {start, end};
    }

    private static FhirBadRequestException invalid(String value) {
        return new FhirBadRequestException("invalid", "the date '" + value + "' is not a FHIR date search value, such as "
                + "ge2026-01-01, le2026-01-31T23:59:59Z or 2026-03 (prefixes eq, ge, gt, le, lt, sa, eb)");
    }

    private static Instant later(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
