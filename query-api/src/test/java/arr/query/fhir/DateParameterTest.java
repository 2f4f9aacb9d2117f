package arr.query.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DateParameterTest {

    @Test
    void aValueStandsForTheWholeSpanOfItsPrecision() {
        assertRange(List.of("2026"), "2026-01-01T00:00:00Z", "2026-12-31T23:59:59.999Z");
        assertRange(List.of("2026-02"), "2026-02-01T00:00:00Z", "2026-02-28T23:59:59.999Z");
        assertRange(List.of("eq2026-02-03"), "2026-02-03T00:00:00Z", "2026-02-03T23:59:59.999Z");
        assertRange(List.of("2026-02-03T10:15"), "2026-02-03T10:15:00Z", "2026-02-03T10:15:59.999Z");
        assertRange(List.of("2026-02-03T10:15:30+01:00"), "2026-02-03T09:15:30Z", "2026-02-03T09:15:30.999Z");
        assertRange(List.of("2026-02-03T10:15:30.123Z"), "2026-02-03T10:15:30.123Z", "2026-02-03T10:15:30.123Z");
        assertRange(List.of("2026-02-03T10:15:30.1Z"), "2026-02-03T10:15:30.100Z", "2026-02-03T10:15:30.199Z");
    }

    @Test
    void prefixesCompareTheEventTimeWithThatSpan() {
        assertRange(List.of("ge2026-02-03"), "2026-02-03T00:00:00Z", null);
        assertRange(List.of("gt2026-02-03"), "2026-02-04T00:00:00Z", null);
        assertRange(List.of("sa2026-02-03"), "2026-02-04T00:00:00Z", null);
        assertRange(List.of("le2026-02-03"), null, "2026-02-03T23:59:59.999Z");
        assertRange(List.of("lt2026-02-03"), null, "2026-02-02T23:59:59.999Z");
        assertRange(List.of("eb2026-02-03"), null, "2026-02-02T23:59:59.999Z");
    }

    @Test
    void severalValuesMustAllHold() {
        assertRange(List.of("ge2026-01-01", "le2026-01-31", "ge2026-01-15"), "2026-01-15T00:00:00Z", "2026-01-31T23:59:59.999Z");
    }

    @Test
    void malformedOrUnsupportedValuesAreRefusedWithTheReason() {
        for (String value : List.of("yesterday", "2026-13", "2026-02-30", "ge", "2026-02-03T25:00", "ge2026-02-03T10:00:00+25:00",
                "gt9999", "lt0001-01-01")) {
            assertThatThrownBy(() -> DateParameter.of(List.of(value))).isInstanceOfSatisfying(FhirBadRequestException.class,
                    e -> assertThat(e.issueType()).isEqualTo("invalid"));
        }
        for (String value : List.of("ne2026", "ap2026")) {
            assertThatThrownBy(() -> DateParameter.of(List.of(value))).isInstanceOfSatisfying(FhirBadRequestException.class,
                    e -> assertThat(e.issueType()).isEqualTo("not-supported"));
        }
    }

    private static void assertRange(List<String> values, String from, String to) {
        DateParameter range = DateParameter.of(values);
        assertThat(range.from()).isEqualTo(from == null ? null : Instant.parse(from));
        assertThat(range.to()).isEqualTo(to == null ? null : Instant.parse(to));
    }
}
