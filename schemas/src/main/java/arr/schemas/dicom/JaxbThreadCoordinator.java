package arr.schemas.dicom;

import jakarta.xml.bind.ValidationEvent;
import jakarta.xml.bind.ValidationEventLocator;
import org.glassfish.jaxb.runtime.v2.runtime.Coordinator;

/**
 * Holds JAXB's per-thread "active coordinator" slot for the length of one message. JAXB's unmarshaller makes
 * itself the active coordinator around every SAX event (start, text, end) and afterwards puts back the one it
 * found; when it found none it removes the thread-local entry, so the next event creates it again. With an
 * outer coordinator in place it only swaps the value. The removal and re-creation were ~3% of a reading thread's
 * CPU on Java 17 (async-profiler, 2026-11-27: {@code ThreadLocal.remove} clears a weak reference through a
 * native call). Between events this one is the active coordinator: JAXB 4.0.5 asks for the active one only inside
 * events (where its own context is active), and {@code UnmarshallingContext.getInstance()} would fail on this one if
 * a later version asked between them; {@code JaxbThreadCoordinatorTest} and the reading tests would show it. Not
 * thread-safe; one per reading pipeline.
 */
final class JaxbThreadCoordinator extends Coordinator {

    /** Makes this the thread's active coordinator; {@link #exit()} restores the previous one. */
    void enter() {
        pushCoordinator();
    }

    void exit() {
        popCoordinator();
    }

    /** Never consulted: JAXB reports to the unmarshaller's own coordinator, which is active inside every event. */
    @Override
    protected ValidationEventLocator getLocation() {
        return null;
    }

    @Override
    public boolean handleEvent(ValidationEvent event) {
        return false;
    }
}
