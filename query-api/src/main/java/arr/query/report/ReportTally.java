package arr.query.report;

import arr.query.export.ExportedEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a report's PDF summarizes, counted over every event it lists: events by type, outcome, requesting user and
 * audit source; the first events themselves for its table; and every patient named, for the Export events of its
 * downloads.
 */
final class ReportTally {

    private final int keepEvents;
    private final Map<String, Long> byEvent = new HashMap<>();
    private final Map<String, Long> byOutcome = new HashMap<>();
    private final Map<String, Long> byRequestor = new HashMap<>();
    private final Map<String, Long> bySource = new HashMap<>();
    private final Set<String> patients = new LinkedHashSet<>();
    private final List<ExportedEvent> first = new ArrayList<>();
    private long events;

    /** @param keepEvents how many of the (newest) events to keep for the PDF's table */
    ReportTally(int keepEvents) {
        this.keepEvents = keepEvents;
    }

    void add(ExportedEvent event) {
        events++;
        if (first.size() < keepEvents) {
            first.add(event);
        }
        ExportedEvent.Code id = event.eventId();
        byEvent.merge(id == null ? "(none)" : id.code() + (id.display() == null ? "" : " " + id.display()), 1L, Long::sum);
        byOutcome.merge(outcome(event.outcome()), 1L, Long::sum);
        List<String> requestors = new ArrayList<>();
        for (ExportedEvent.Participant p : orEmpty(event.participants())) {
            if (Boolean.TRUE.equals(p.requestor()) && p.userId() != null) {
                requestors.add(p.userId());
            }
        }
        if (requestors.isEmpty()) {
            requestors.add("(no requestor named)");
        }
        requestors.stream().distinct().forEach(user -> byRequestor.merge(user, 1L, Long::sum));
        List<ExportedEvent.Source> sources = orEmpty(event.sources());
        bySource.merge(sources.isEmpty() || sources.get(0).id() == null ? "(none)" : sources.get(0).id(), 1L, Long::sum);
        for (ExportedEvent.Patient patient : orEmpty(event.patients())) {
            if (patient.cx() != null) {
                patients.add(patient.cx());
            }
        }
    }

    long events() {
        return events;
    }

    List<ExportedEvent> first() {
        return first;
    }

    List<String> patients() {
        return List.copyOf(patients);
    }

    /** The patients of the events kept for the PDF's table. */
    List<String> patientsInTable() {
        Set<String> inTable = new LinkedHashSet<>();
        for (ExportedEvent event : first) {
            for (ExportedEvent.Patient patient : orEmpty(event.patients())) {
                if (patient.cx() != null) {
                    inTable.add(patient.cx());
                }
            }
        }
        return List.copyOf(inTable);
    }

    List<Map.Entry<String, Long>> byEvent() {
        return top(byEvent, Integer.MAX_VALUE);
    }

    List<Map.Entry<String, Long>> byOutcome() {
        return top(byOutcome, Integer.MAX_VALUE);
    }

    List<Map.Entry<String, Long>> byRequestor(int limit) {
        return top(byRequestor, limit);
    }

    List<Map.Entry<String, Long>> bySource(int limit) {
        return top(bySource, limit);
    }

    int requestors() {
        return byRequestor.size();
    }

    int sources() {
        return bySource.size();
    }

    static String outcome(Integer outcome) {
        if (outcome == null) {
            return "(none)";
        }
        return switch (outcome) {
            case 0 -> "0 Success";
            case 4 -> "4 Minor failure";
            case 8 -> "8 Serious failure";
            case 12 -> "12 Major failure";
            default -> outcome.toString();
        };
    }

    /** Largest counts first, ties by name, so that the same data always gives the same PDF. */
    private static List<Map.Entry<String, Long>> top(Map<String, Long> counts, int limit) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
