package dev.herald.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A text frame's bytes are handed over as text up to the last whole character. */
class NettySessionTest {

    @Test
    void bytesThatEndOnAWholeCharacterAreAllComplete() {
        byte[] text = "aé€😀".getBytes(StandardCharsets.UTF_8);

        assertThat(NettySession.completeCharacters(text)).isEqualTo(text.length);
    }

    @Test
    void aCharacterCutShortIsLeftOutWhateverItsLength() {
        for (String character : new String[] {"é", "€", "😀"}) {
            byte[] whole = ("ab" + character).getBytes(StandardCharsets.UTF_8);
            for (int cut = 1; cut < character.getBytes(StandardCharsets.UTF_8).length; cut++) {
                byte[] part = java.util.Arrays.copyOf(whole, 2 + cut);

                assertThat(NettySession.completeCharacters(part))
                        .as(character + " cut after " + cut)
                        .isEqualTo(2);
            }
        }
    }
}
