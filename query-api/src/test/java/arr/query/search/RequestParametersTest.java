package arr.query.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import arr.query.api.BadRequestException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestParametersTest {

    @Test
    void filtersAreReadIntoTheirTypesAndCanonicalForm() {
        EventFilters filters = EventFilterParser.parse(new RequestParameters(Map.of(
                "from", List.of("2026-01-01"), "to", List.of("2026-01-31"), "patient", List.of("4711^^^&1.2.3&ISO"),
                "outcome", List.of("4"), "q", List.of(" Doe ")), EventFilterParser.FILTER_NAMES));
        assertThat(filters.from()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(filters.to()).isEqualTo(Instant.parse("2026-01-31T23:59:59.999Z"));
        assertThat(filters.outcome()).isEqualTo(4);
        assertThat(filters.q()).isEqualTo("Doe");
        assertThat(filters.canonical()).isEqualTo("from=2026-01-01T00%3A00%3A00Z&to=2026-01-31T23%3A59%3A59.999Z"
                + "&patient=4711%5E%5E%5E%261.2.3%26ISO&outcome=4&q=Doe");
    }

    @Test
    void objectTypeRoleAndSiteAreExactConditions() {
        EventFilters filters = EventFilterParser.parse(new RequestParameters(Map.of("objectType", List.of("2"),
                "objectRole", List.of("24"), "site", List.of("Hospital-1")), EventFilterParser.FILTER_NAMES));
        assertThat(filters.conditions()).containsExactly(Condition.anyOf("objectType", List.of("2")),
                Condition.anyOf("objectRole", List.of("24")), Condition.anyOf("site", List.of("Hospital-1")));
        assertThat(filters.canonical()).isEqualTo("objectType:anyOf=2&objectRole:anyOf=24&site:anyOf=Hospital-1");
    }

    @Test
    void timesKeepTheirOffset() {
        RequestParameters parameters = new RequestParameters(Map.of("from", List.of("2026-01-01T01:00:00+01:00")), EventFilterParser.FILTER_NAMES);
        assertThat(parameters.time("from")).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void everyMalformedParameterIsA400NamingIt() {
        for (Map<String, List<String>> bad : List.of(
                Map.of("size", List.of("1")), Map.of("outcome", List.of("1")), Map.of("action", List.of("r")),
                Map.of("from", List.of("2026-13-01")), Map.of("user", List.of("a", "b")), Map.of("user", List.of("a\nb")),
                Map.of("q", List.of("x".repeat(513))), Map.of("from", List.of("2026-02-01"), "to", List.of("2026-01-01")),
                Map.of("user", List.of("a\uFFFFb")), Map.of("user", List.of("a\uD800b")),
                Map.of("from", List.of("+10000-01-01T00:00:00Z")), Map.of("objectType", List.of("0")),
                Map.of("objectType", List.of("5")), Map.of("objectRole", List.of("25")), Map.of("objectRole", List.of("patient")))) {
            assertThatThrownBy(() -> EventFilterParser.parse(new RequestParameters(bad, EventFilterParser.FILTER_NAMES)))
                    .as("%s", bad).isInstanceOf(BadRequestException.class);
        }
    }
}
