package arr.schemas.envelope;

/** Lets other test packages build sample envelopes. */
public final class EnvelopeCodecTestAccess {

    private EnvelopeCodecTestAccess() {
    }

    public static AuditEnvelope envelopeOf(byte[] xml) {
        return EnvelopeCodecTest.envelopeOf(xml, "10.1.2.3");
    }
}
