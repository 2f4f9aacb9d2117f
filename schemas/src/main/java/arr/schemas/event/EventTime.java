package arr.schemas.event;

import java.time.OffsetDateTime;

/**
 * The event time as the device sent it (A.5.2.5): the offset is kept; a time without a zone is read as
 * UTC and flagged; a leap second {@code :60} becomes {@code :59.999} with the original kept.
 *
 * @param value      the instant with the sender's offset
 * @param original   the attribute exactly as sent
 * @param zoneAssumed true when the sender gave no time zone and UTC was assumed
 * @param leapSecond true when the sender gave second 60
 */
public record EventTime(
        OffsetDateTime value,
        String original,
        boolean zoneAssumed,
        boolean leapSecond) {
}
