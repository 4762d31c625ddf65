package dev.herald.transport.tomcat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Tomcat internals the gathered writer works through, and the frame headers it writes. */
class TomcatInternalsTest {

    @Test
    void theTomcatInternalsThatGatheringWritesUseAreReachable() {
        assertThat(TomcatInternals.UNAVAILABLE)
                .as(
                        "the Tomcat endpoint internals Herald writes through are reachable; a Tomcat upgrade that moved them needs a look")
                .isNull();
        assertThat(GatheredFrameWriters.internalsReachable()).isTrue();
        assertThat(TomcatInternals.START_MESSAGE).isNotNull();
        assertThat(TomcatInternals.END_MESSAGE).isNotNull();
    }

    @Test
    void aHeaderTakesTwoFourOrTenBytesByPayloadLength() {
        byte[] header = new byte[10];

        assertThat(GatheredFrameWriter.header(header, 0, 0x1, 125)).isEqualTo(2);
        assertThat(header[0]).isEqualTo((byte) 0x81);
        assertThat(header[1]).isEqualTo((byte) 125);

        assertThat(GatheredFrameWriter.header(header, 0, 0x1, 126)).isEqualTo(4);
        assertThat(header[1]).isEqualTo((byte) 126);
        assertThat(header[2]).isZero();
        assertThat(header[3]).isEqualTo((byte) 126);

        assertThat(GatheredFrameWriter.header(header, 0, 0x9, 65536)).isEqualTo(10);
        assertThat(header[0]).isEqualTo((byte) 0x89);
        assertThat(header[1]).isEqualTo((byte) 127);
        assertThat(header[7]).isEqualTo((byte) 1);
        assertThat(header[9]).isZero();
    }
}
