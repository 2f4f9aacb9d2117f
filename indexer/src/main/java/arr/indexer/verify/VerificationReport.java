package arr.indexer.verify;

import java.util.ArrayList;
import java.util.List;

/** What a verification walked and found; intact when no finding is a failure. */
public final class VerificationReport {

    private final List<Finding> findings = new ArrayList<>();
    private long documents;
    private long checkpoints;
    private int chains;
    private int indices;
    /** Anchors compared; -1: no anchor topic; -2: not checked. */
    private int anchors = -2;

    void add(Finding finding) {
        findings.add(finding);
    }

    void countDocument() {
        documents++;
    }

    void countCheckpoint() {
        checkpoints++;
    }

    void countChain() {
        chains++;
    }

    void countIndex() {
        indices++;
    }

    /** @param anchors the anchor records compared with the checkpoints (rounds, and the months in range), or -1 when there is no anchor topic */
    void anchors(int anchors) {
        this.anchors = anchors;
    }

    public List<Finding> failures() {
        return findings.stream().filter(f -> f.kind().failure()).toList();
    }

    public boolean intact() {
        return failures().isEmpty();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(String.format("verified %d indices, %d chains, %d documents, %d checkpoints, %s%n", indices, chains, documents,
                checkpoints, anchors == -2 ? "anchors not checked" : anchors == -1 ? "no anchor topic"
                        : anchors + " anchors"));
        findings.forEach(f -> out.append(f).append(System.lineSeparator()));
        List<Finding> failures = failures();
        out.append(failures.isEmpty() ? "INTACT" : "NOT INTACT: " + failures.size() + " finding(s)").append(System.lineSeparator());
        return out.toString();
    }
}
