package arr.schemas.dicom;

/**
 * Bounds on what the parser accepts, so that hostile input cannot exhaust memory or time.
 *
 * @param maxDocumentBytes   a larger message is refused before parsing (default 1 MiB; the collector's
 *                           frame limit is 256 KiB)
 * @param maxDepth           element nesting (an AuditMessage needs 5)
 * @param maxAttributeChars  one attribute value
 * @param maxDecodedBytes    one base64 value (ParticipantObjectQuery, ParticipantObjectDetail) is decoded
 *                           only up to this size and kept as sent beyond it
 * @param maxIssues          issues recorded per message; further ones are summarized
 */
public record ParserLimits(int maxDocumentBytes, int maxDepth, int maxAttributeChars, int maxDecodedBytes,
                           int maxIssues) {

    public ParserLimits {
        if (maxDocumentBytes < 32_768) {
            throw new IllegalArgumentException("maxDocumentBytes below DICOM's 32,768 octets: " + maxDocumentBytes);
        }
        if (maxDepth < 8 || maxAttributeChars < 1024 || maxDecodedBytes < 1024 || maxIssues < 1) {
            throw new IllegalArgumentException("parser limits too small: " + this);
        }
    }

    public static ParserLimits defaults() {
        return new ParserLimits(1024 * 1024, 32, 256 * 1024, 512 * 1024, 100);
    }
}
