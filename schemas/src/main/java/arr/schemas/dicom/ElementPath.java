package arr.schemas.dicom;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Tracks where the parser is, as {@code /AuditMessage/ActiveParticipant[2]}, for issue paths. */
final class ElementPath {

    private final List<String> steps = new ArrayList<>();
    private final List<Map<String, Integer>> childCounts = new ArrayList<>();

    ElementPath() {
        childCounts.add(new HashMap<>(4));
    }

    void clear() {
        steps.clear();
        childCounts.clear();
        childCounts.add(new HashMap<>(4));
    }

    void push(String name) {
        Map<String, Integer> siblings = childCounts.get(childCounts.size() - 1);
        int index = siblings.merge(name, 1, Integer::sum);
        steps.add(index == 1 ? name : name + "[" + index + "]");
        childCounts.add(new HashMap<>(4));
    }

    void pop() {
        steps.remove(steps.size() - 1);
        childCounts.remove(childCounts.size() - 1);
    }

    int depth() {
        return steps.size();
    }

    String current() {
        return steps.isEmpty() ? "/" : "/" + String.join("/", steps);
    }

    String attribute(String name) {
        return current() + "/@" + name;
    }
}
