package arr.schemas.dicom;

import java.util.ArrayList;
import java.util.List;

/**
 * Tracks where the parser is, as {@code /AuditMessage/ActiveParticipant[2]}, for issue paths. Runs for
 * every element of every message, so it allocates nothing in the steady state: names and sibling
 * indexes sit in arrays and the path string is built only when an issue asks for it.
 */
final class ElementPath {

    private String[] names = new String[16];
    private int[] indexes = new int[16];
    /** Per level, the names of the children seen so far (to number repeated siblings). */
    private final List<List<String>> children = new ArrayList<>();
    private int depth;

    ElementPath() {
        children.add(new ArrayList<>());
    }

    void clear() {
        depth = 0;
        children.get(0).clear();
    }

    void push(String name) {
        if (depth == names.length) {
            names = java.util.Arrays.copyOf(names, depth * 2);
            indexes = java.util.Arrays.copyOf(indexes, depth * 2);
        }
        List<String> siblings = children.get(depth);
        int index = 1;
        for (String sibling : siblings) {
            if (sibling.equals(name)) {
                index++;
            }
        }
        siblings.add(name);
        names[depth] = name;
        indexes[depth] = index;
        depth++;
        if (children.size() == depth) {
            children.add(new ArrayList<>());
        } else {
            children.get(depth).clear();
        }
    }

    void pop() {
        depth--;
    }

    int depth() {
        return depth;
    }

    String current() {
        if (depth == 0) {
            return "/";
        }
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            path.append('/').append(names[i]);
            if (indexes[i] > 1) {
                path.append('[').append(indexes[i]).append(']');
            }
        }
        return path.toString();
    }

    String attribute(String name) {
        return current() + "/@" + name;
    }
}
