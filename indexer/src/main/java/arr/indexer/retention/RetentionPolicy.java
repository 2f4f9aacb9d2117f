package arr.indexer.retention;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * How long audit events are kept ({@code arr.indexer.retention.*}). A monthly index is deleted once its newest
 * possible event is older than {@code maxAge}; never before {@code minAge}; never while it holds an event about a
 * patient or from an audit source under a legal hold. Without {@code maxAge} nothing is ever deleted.
 *
 * @param minAge       ISO-8601 period every event is kept at least (the legal minimum), e.g. {@code P6Y}
 * @param maxAge       ISO-8601 period after which a month is deleted (the privacy maximum), e.g. {@code P10Y}; empty: keep for ever
 * @param holdPatients patient IDs under legal hold (an ID matches under any authority, a CX value exactly)
 * @param holdSources  AuditSourceIDs under legal hold
 * @param interval     how often the policy is applied
 * @param firstRun     how long after the start it is first applied (default a minute)
 */
@ConfigurationProperties("arr.indexer.retention")
public record RetentionPolicy(@Nullable String minAge, @Nullable String maxAge, @Nullable List<String> holdPatients,
                             @Nullable List<String> holdSources, @Nullable Duration interval, @Nullable Duration firstRun) {

    @Creator
    public RetentionPolicy {
        holdPatients = entries(holdPatients);
        holdSources = entries(holdSources);
        interval = interval == null ? Duration.ofHours(1) : interval;
        firstRun = firstRun == null ? Duration.ofMinutes(1) : firstRun;
        if (firstRun.isNegative()) {
            throw new IllegalArgumentException("arr.indexer.retention.first-run (AUDIT_RETENTION_FIRST_RUN) must not be negative, not "
                    + firstRun);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("arr.indexer.retention.interval (AUDIT_RETENTION_INTERVAL) must be positive, not "
                    + interval);
        }
        if (minAge == null || minAge.isBlank()) {
            // Set but empty is a slip, not "no minimum": the legal minimum would silently become zero.
            throw new IllegalArgumentException("arr.indexer.retention.min-age (AUDIT_RETENTION_MIN_AGE) is empty: give an "
                    + "ISO-8601 period such as P6Y, or P0D for no minimum");
        }
        Period min = period(minAge, "arr.indexer.retention.min-age").orElseThrow();
        Optional<Period> max = period(maxAge, "arr.indexer.retention.max-age");
        LocalDate reference = LocalDate.of(2000, 1, 1);
        if (max.isPresent() && reference.plus(max.get()).isBefore(reference.plus(min))) {
            throw new IllegalArgumentException("arr.indexer.retention.max-age (" + maxAge + ") is shorter than min-age ("
                    + minAge + "): events could never be kept as long as the law requires");
        }
    }

    public RetentionPolicy(String minAge, String maxAge, List<String> holdPatients, List<String> holdSources, Duration interval) {
        this(minAge, maxAge, holdPatients, holdSources, interval, null);
    }

    /**
     * Micronaut splits a comma-separated setting on the commas alone, so {@code "P1, P2"} arrives as {@code " P2"}:
     * untrimmed, it would never match the exact terms query, and the held month would be deleted.
     */
    private static List<String> entries(List<String> configured) {
        return configured == null ? List.of() : configured.stream().map(String::strip).filter(s -> !s.isEmpty()).distinct().toList();
    }

    public Period min() {
        return period(minAge, "arr.indexer.retention.min-age").orElseThrow();
    }

    public Optional<Period> max() {
        return period(maxAge, "arr.indexer.retention.max-age");
    }

    private static Optional<Period> period(String value, String setting) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Period period;
        try {
            period = Period.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(setting + " must be an ISO-8601 period such as P6Y or P90D, not '" + value + "'", e);
        }
        if (period.getYears() < 0 || period.getMonths() < 0 || period.getDays() < 0) {
            throw new IllegalArgumentException(setting + " must not be negative, not '" + value + "'");
        }
        return Optional.of(period);
    }

    /** One line for the log: what the indexer will delete, and what it never will. */
    public String describe() {
        return "min-age " + minAge.strip() + ", max-age " + (max().isPresent() ? maxAge.strip() : "none (nothing is ever deleted)")
                + ", legal holds on " + holdPatients.size() + " patient(s) and " + holdSources.size() + " audit source(s), applied every "
                + interval;
    }
}
