package arr.query.report;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One scheduled report: a report run over every complete day, week (Monday to Sunday) or month of a time zone.
 *
 * @param report    the report
 * @param frequency {@code daily}, {@code weekly} or {@code monthly}
 */
public record ReportSchedule(ReportDefinition report, Frequency frequency) {

    static final String VARIABLE = "AUDIT_REPORT_SCHEDULES";

    public enum Frequency {
        DAILY, WEEKLY, MONTHLY;

        /** The first day of the period holding this date. */
        LocalDate start(LocalDate day) {
            return switch (this) {
                case DAILY -> day;
                case WEEKLY -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                case MONTHLY -> day.withDayOfMonth(1);
            };
        }

        LocalDate previous(LocalDate start) {
            return switch (this) {
                case DAILY -> start.minusDays(1);
                case WEEKLY -> start.minusWeeks(1);
                case MONTHLY -> start.minusMonths(1);
            };
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The longest a period can be (a day with a clock change has 25 hours). */
        java.time.Duration longest() {
            return switch (this) {
                case DAILY -> java.time.Duration.ofHours(25);
                case WEEKLY -> java.time.Duration.ofDays(7).plusHours(1);
                case MONTHLY -> java.time.Duration.ofDays(31).plusHours(1);
            };
        }
    }

    /**
     * A period of a schedule: its first instant and the first instant after it.
     *
     * @param day the period's first day in the schedule's zone (it names the scheduled run)
     */
    public record Period(LocalDate day, Instant start, Instant end) {
    }

    /** The newest period that has ended at this instant. */
    public Period latestComplete(Instant now, ZoneId zone) {
        LocalDate current = frequency.start(now.atZone(zone).toLocalDate());
        LocalDate previous = frequency.previous(current);
        return new Period(previous, previous.atStartOfDay(zone).toInstant(), current.atStartOfDay(zone).toInstant());
    }

    /** The ID of this schedule's run for a period: the same on every instance, so only one of them makes it. */
    public String runId(Period period) {
        return report.name() + "-" + frequency.label() + "-" + period.day().format(DateTimeFormatter.ISO_LOCAL_DATE);
    }

    /**
     * Reads {@value #VARIABLE}: {@code REPORT FREQUENCY} pairs separated by commas or semicolons.
     *
     * @throws IllegalArgumentException naming the variable and what is wrong
     */
    public static List<ReportSchedule> parse(String spec) {
        List<ReportSchedule> schedules = new ArrayList<>();
        if (spec == null || spec.isBlank()) {
            return schedules;
        }
        for (String entry : spec.split("[,;]")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] words = entry.strip().split("\\s+");
            if (words.length != 2) {
                throw wrong("'" + entry.strip() + "' is not REPORT FREQUENCY, such as 'emergency-access daily'");
            }
            ReportDefinition report = ReportCatalogue.find(words[0]).orElseThrow(() -> wrong("there is no report '"
                    + words[0] + "'; the reports are " + String.join(", ", ReportCatalogue.all().stream()
                    .map(ReportDefinition::name).toList())));
            if (report.needsPatients()) {
                throw wrong("'" + report.name() + "' needs patients named in each run, so it cannot be scheduled");
            }
            Frequency frequency;
            try {
                frequency = Frequency.valueOf(words[1].toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw wrong("'" + words[1] + "' is not daily, weekly or monthly");
            }
            ReportSchedule schedule = new ReportSchedule(report, frequency);
            if (schedules.stream().anyMatch(s -> s.report().equals(report) && s.frequency() == frequency)) {
                throw wrong("'" + entry.strip() + "' is named twice");
            }
            schedules.add(schedule);
        }
        return schedules;
    }

    /** Reads {@code AUDIT_REPORT_ZONE}. @throws IllegalArgumentException naming the variable */
    public static ZoneId zone(String name) {
        try {
            return ZoneId.of(name);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("AUDIT_REPORT_ZONE: '" + name + "' is not a time zone such as UTC or "
                    + "Europe/Zurich");
        }
    }

    /**
     * Checks {@code AUDIT_REPORT_DELAY} against a schedule: a period's run starts that long after it ends and must
     * start before the next period ends, with time to spare for retries, so the delay must be under half the shortest
     * period (12 hours for a daily schedule).
     *
     * @throws IllegalArgumentException naming the variable
     */
    public void checkDelay(java.time.Duration delay) {
        java.time.Duration shortest = switch (frequency) {
            case DAILY -> java.time.Duration.ofHours(23);
            case WEEKLY -> java.time.Duration.ofDays(7);
            case MONTHLY -> java.time.Duration.ofDays(28);
        };
        if (delay.isNegative() || delay.compareTo(shortest.dividedBy(2)) >= 0) {
            throw new IllegalArgumentException("AUDIT_REPORT_DELAY: " + delay + " is not under half of the shortest "
                    + frequency.label() + " period (" + shortest.dividedBy(2) + "), so '" + report.name() + " "
                    + frequency.label() + "' would start late or never");
        }
    }

    private static IllegalArgumentException wrong(String why) {
        return new IllegalArgumentException(VARIABLE + ": " + why);
    }
}
