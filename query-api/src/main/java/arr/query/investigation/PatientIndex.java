package arr.query.investigation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The requested patients by how they match (a CX value exactly, an ID alone under any authority), so that finding the
 * ones an event names costs a lookup per patient of the event, not a comparison per requested patient.
 */
final class PatientIndex {

    private final Map<String, List<Integer>> byCx = new HashMap<>();
    private final Map<String, List<Integer>> byId = new HashMap<>();

    PatientIndex(List<String> patients) {
        for (int i = 0; i < patients.size(); i++) {
            String patient = patients.get(i);
            (patient.indexOf('^') >= 0 ? byCx : byId).computeIfAbsent(patient, p -> new ArrayList<>()).add(i);
        }
    }

    /** The positions of the requested patients this event names, each once, in request order. */
    Iterable<Integer> requestedIn(AccessEvent event) {
        TreeSet<Integer> found = new TreeSet<>();
        for (AccessEvent.Patient p : event.patients() == null ? List.<AccessEvent.Patient>of() : event.patients()) {
            found.addAll(byCx.getOrDefault(p.cx(), List.of()));
            found.addAll(byId.getOrDefault(p.id(), List.of()));
        }
        return found;
    }
}
